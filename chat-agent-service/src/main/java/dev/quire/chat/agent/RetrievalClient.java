package dev.quire.chat.agent;

import dev.quire.contracts.api.SearchRequest;
import dev.quire.contracts.api.SearchResponse;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * retrieval-service's search API, called with the user's own token (tenant, role, kb_ids) and the internal secret,
 * which lets a chat-scoped API key search inside a chat turn; with the question's embedding when chat-agent already
 * computed it for the answer cache (retrieval uses it only for knowledge bases on that model).
 */
@RegisterRestClient(configKey = "retrieval")
@Path("/api/v1/search")
public interface RetrievalClient {
    @POST
    SearchResponse search(
            @HeaderParam("Authorization") String authorization,
            @HeaderParam(dev.quire.contracts.Headers.INTERNAL_SECRET) String internalSecret,
            @HeaderParam(dev.quire.contracts.Headers.QUERY_EMBEDDING) String queryEmbedding,
            SearchRequest request);
}
