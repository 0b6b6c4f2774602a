package dev.quire.retrieval.api;

import dev.quire.contracts.api.SearchRequest;
import dev.quire.contracts.api.SearchResponse;
import dev.quire.retrieval.search.SearchService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** {@code POST /api/v1/search}: only the caller's tenant's chunks can ever appear. */
@Path("/api/v1/search")
@Authenticated
public class SearchResource {
    private final SearchService search;
    private final JsonWebToken jwt;

    public SearchResource(SearchService search, JsonWebToken jwt) {
        this.search = search;
        this.jwt = jwt;
    }

    @POST
    public SearchResponse search(SearchRequest req) {
        return search.search(Caller.from(jwt).tenantId(), req);
    }
}
