package dev.quire.platform.knowledgebase;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * ingestion-service's knowledge bases, asked with the caller's own token, so it answers only with what they may read
 * (chat-agent lists them for {@code /v1/models}; chat-agent and connector-service check that a knowledge base named in
 * a request is the caller's: {@link KnowledgeBaseCheck}). A service that uses it depends on quarkus-rest-client-jackson
 * and configures the {@code ingestion} client.
 */
@RegisterRestClient(configKey = "ingestion")
@Path("/api/v1/knowledge-bases")
public interface KnowledgeBaseClient {
    @GET
    JsonNode list(
            @HeaderParam("Authorization") String authorization,
            @HeaderParam(dev.quire.contracts.Headers.INTERNAL_SECRET) String internalSecret,
            @QueryParam("limit") int limit,
            @QueryParam("cursor") String cursor);

    /**
     * One knowledge base, looked up in the caller's tenant (and kb_ids) before ingestion checks the read scope: 404
     * means it is not the caller's, 403 that it is theirs but their key may not read it.
     */
    @GET
    @Path("{kbId}")
    JsonNode get(@HeaderParam("Authorization") String authorization, @PathParam("kbId") UUID kbId);
}
