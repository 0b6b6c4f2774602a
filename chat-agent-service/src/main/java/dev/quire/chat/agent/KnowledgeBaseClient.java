package dev.quire.chat.agent;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ingestion-service's knowledge-base list, called with the caller's own token, so it lists only what they may read. */
@RegisterRestClient(configKey = "ingestion")
@Path("/api/v1/knowledge-bases")
public interface KnowledgeBaseClient {
    @GET
    JsonNode list(
            @HeaderParam("Authorization") String authorization,
            @HeaderParam(dev.quire.contracts.Headers.INTERNAL_SECRET) String internalSecret,
            @QueryParam("limit") int limit,
            @QueryParam("cursor") String cursor);
}
