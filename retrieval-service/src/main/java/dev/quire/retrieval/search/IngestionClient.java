package dev.quire.retrieval.search;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ingestion-service, owner of knowledge bases: asked whether the caller can see one that has no chunks yet. */
@RegisterRestClient(configKey = "ingestion")
@Path("/api/v1/knowledge-bases")
public interface IngestionClient {
    @GET
    @Path("{id}")
    Response knowledgeBase(@HeaderParam("Authorization") String authorization, @PathParam("id") UUID id);
}
