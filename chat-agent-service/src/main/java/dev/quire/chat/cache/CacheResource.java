package dev.quire.chat.cache;

import dev.quire.chat.agent.KnowledgeBaseCheck;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code GET} and {@code DELETE /api/v1/knowledge-bases/{id}/cache}: a knowledge base's answer-cache statistics
 * (viewer+ · read) and clearing it (admin+ · admin); another tenant's or an unknown knowledge base is 404.
 */
@Path("/api/v1/knowledge-bases/{id}/cache")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@RequiredArgsConstructor
public class CacheResource {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CacheResource.class);

    /** The statistics of one knowledge base's cached answers. */
    public record CacheStats(UUID knowledgeBaseId, long entries, long hits, long misses, double hitRate) {}

    private final AnswerCache cache;
    private final KnowledgeBaseCheck knowledgeBases;
    private final JsonWebToken jwt;

    @GET
    public CacheStats stats(@PathParam("id") String id) {
        var caller = Caller.from(jwt);
        UUID kb = own(caller, id);
        caller.require(Role.VIEWER, Scope.READ);
        AnswerCache.Stats s;
        try {
            s = cache.stats(caller.tenantId(), kb);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        return new CacheStats(kb, s.entries(), s.hits(), s.misses(), s.hitRate());
    }

    @DELETE
    public Response clear(@PathParam("id") String id) {
        var caller = Caller.from(jwt);
        UUID kb = own(caller, id);
        caller.require(Role.ADMIN, Scope.ADMIN);
        try {
            cache.invalidate(caller.tenantId(), kb);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        return Response.noContent().build();
    }

    /** Redis unreachable is the environment, not the request: 503, never an unexplained 500. */
    private static ApiException unavailable(RuntimeException cause) {
        LOG.warnf("answer cache unavailable: %s", cause.toString());
        return new ApiException(503, "upstream_unavailable", "the answer cache is unavailable, try again");
    }

    /** The knowledge base, if it is the caller's (ingestion-service owns knowledge bases and says so). */
    private UUID own(Caller caller, String id) {
        UUID kb;
        try {
            kb = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("knowledge base"); // a malformed id names no knowledge base
        }
        knowledgeBases.requireOwn(caller, jwt.getRawToken(), List.of(kb));
        return kb;
    }
}
