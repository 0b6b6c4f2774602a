package dev.quire.ingestion.document;

import dev.quire.contracts.api.Page;
import dev.quire.platform.api.PageSize;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The tenant's tags with how many documents carry each (an API key counts only its knowledge bases). */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/tags")
@Authenticated
@RequiredArgsConstructor
public class TagResource {
    private final DocumentQueries queries;
    private final JsonWebToken jwt;

    /** In tag order; the cursor is the last tag of the page. */
    @GET
    public Page<DocumentQueries.TagCount> list(
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        Caller caller = Caller.from(jwt);
        caller.require(Role.VIEWER, Scope.READ);
        int n = PageSize.of(limit, 200);
        var items = queries.tags(caller.tenantId(), caller.kbIds(), cursor, n);
        return new Page<>(items, items.size() == n ? items.get(n - 1).tag() : null);
    }
}
