package dev.quire.chat.agent;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;
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

    /**
     * One knowledge base, looked up in the caller's tenant (and kb_ids) before ingestion checks the read scope: 404
     * means it is not the caller's, 403 that it is theirs but their key may not read it.
     */
    @GET
    @Path("{kbId}")
    JsonNode get(@HeaderParam("Authorization") String authorization, @PathParam("kbId") UUID kbId);
}
