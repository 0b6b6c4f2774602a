package dev.quire.tenant.apikey;

import dev.quire.contracts.api.Page;
import dev.quire.platform.api.PageSize;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.api.Paging;
import dev.quire.tenant.api.Views;
import dev.quire.tenant.auth.Callers;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * API keys: every user manages their own keys (scopes within their role); admins see and revoke all of the tenant's.
 * Through an API key these routes need the admin scope. The methods stay blocking like every resource here: the
 * caller is resolved by the blocking {@link Callers} (which the usage routes on JDBC share); they wait for the keys'
 * reactive transactions on a Vert.x context.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/api-keys")
@Authenticated
@RequiredArgsConstructor
public class ApiKeyResource {
    /** Body of a key creation. */
    public record CreateKey(
            @NotBlank @Size(max = 200) String name, List<String> scopes, List<String> knowledgeBaseIds) {}

    private final ApiKeyService keys;
    private final Callers callers;

    @GET
    public Page<Views.ApiKey> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        // a key restricted to knowledge bases may make keys within them (POST) but neither sees nor revokes the
        // tenant's others: its user's keys reach further than it does
        var caller = callers.current().requireKeyScope("admin").requireTenantWide();
        int n = PageSize.of(limit, 50);
        var key = Paging.cursor(cursor);
        var rows = ReactiveTenantTx.await(
                () -> keys.list(caller, key == null ? null : key.time(), key == null ? null : key.id(), n + 1));
        return Paging.page(rows, n, k -> new Paging.Key(k.createdAt, k.id), Views.ApiKey::of);
    }

    @POST
    public Response create(@NotNull @Valid CreateKey req) {
        var caller = callers.current().requireKeyScope("admin");
        var created =
                ReactiveTenantTx.await(() -> keys.create(caller, req.name(), req.scopes(), req.knowledgeBaseIds()));
        var k = created.key();
        return Response.status(201)
                .entity(new Views.CreatedApiKey(
                        k.id, k.name, k.prefix, created.secret(), k.scopeList(), k.kbIdList(), k.createdAt))
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") UUID id) {
        var caller = callers.current().requireKeyScope("admin").requireTenantWide();
        ReactiveTenantTx.await(() -> keys.revoke(caller, id));
        return Response.noContent().build();
    }
}
