package dev.quire.retrieval.api;

import dev.quire.contracts.api.Page;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.PageSize;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import dev.quire.retrieval.search.KnowledgeBases;
import dev.quire.retrieval.store.SectionStore;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A knowledge base's headings (the sections its chunks were cut under), e.g. for suggested first questions; a
 * knowledge base that is not the caller's is 404, an own one without chunks yet an empty page.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/knowledge-bases/{kbId}/sections")
@Authenticated
@RequiredArgsConstructor
public class SectionResource {
    private final SectionStore sections;
    private final KnowledgeBases knowledgeBases;
    private final JsonWebToken jwt;

    @GET
    public Page<SectionStore.Section> list(
            @PathParam("kbId") UUID kbId,
            @QueryParam("documentId") UUID documentId,
            @QueryParam("limit") Integer limit) {
        var caller = Caller.from(jwt);
        if (!caller.canSee(kbId)) {
            throw ApiException.notFound("knowledge base");
        }
        caller.require(Role.VIEWER, Scope.READ);
        var items = sections.sections(caller.tenantId(), kbId, documentId, PageSize.of(limit, 50));
        if (items.isEmpty() && !knowledgeBases.allOwn(caller.tenantId(), List.of(kbId), jwt.getRawToken())) {
            throw ApiException.notFound("knowledge base");
        }
        return Page.of(items);
    }
}
