package dev.quire.retrieval.api;

import dev.quire.contracts.Headers;
import dev.quire.contracts.api.QueryEmbedding;
import dev.quire.contracts.api.SearchRequest;
import dev.quire.contracts.api.SearchResponse;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import dev.quire.retrieval.config.RetrievalConfig;
import dev.quire.retrieval.search.KnowledgeBases;
import dev.quire.retrieval.search.SearchService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code POST /api/v1/search}: only the caller's tenant's chunks can ever appear, and of an API key only those of its
 * knowledge bases.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/search")
@Authenticated
@RequiredArgsConstructor
public class SearchResource {
    private final SearchService search;
    private final JsonWebToken jwt;
    private final RetrievalConfig config;
    private final KnowledgeBases knowledgeBases;

    @POST
    public SearchResponse search(
            SearchRequest req,
            @HeaderParam(Headers.INTERNAL_SECRET) String secret,
            @HeaderParam(Headers.QUERY_EMBEDDING) String embedding) {
        Caller caller = Caller.from(jwt);
        // chat-agent searching for a chat turn (it proves itself with the internal secret): the chat scope suffices
        boolean forChat = secret != null
                && MessageDigest.isEqual(
                        secret.getBytes(StandardCharsets.UTF_8),
                        config.internalSecret().getBytes(StandardCharsets.UTF_8));
        caller.require(Role.VIEWER, forChat && caller.hasScope(Scope.CHAT) ? Scope.CHAT : Scope.SEARCH);
        if (req != null
                && req.knowledgeBaseIds() != null
                && !req.knowledgeBaseIds().isEmpty()) {
            var asked = req.knowledgeBaseIds();
            if ((caller.kbIds() == null || caller.kbIds().containsAll(asked))
                    && !knowledgeBases.allOwn(caller.tenantId(), asked, jwt.getRawToken())) {
                throw ApiException.notFound("knowledge base");
            }
        }
        // chat-agent's embedding of the question is taken only from chat-agent itself (the internal secret)
        var given = forChat ? QueryEmbedding.parse(embedding) : null;
        return search.search(caller.tenantId(), caller.kbIds(), req, given);
    }
}
