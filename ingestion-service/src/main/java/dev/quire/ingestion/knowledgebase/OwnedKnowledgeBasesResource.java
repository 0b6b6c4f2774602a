package dev.quire.ingestion.knowledgebase;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Headers;
import dev.quire.contracts.api.KnowledgeBaseIds;
import dev.quire.ingestion.config.IngestionConfig;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.InternalSecret;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * {@code POST /internal/v1/tenants/{tenantId}/knowledge-bases/owned}: which of the given knowledge bases are the
 * tenant's. tenant-service asks it, with the internal secret, before an API key is restricted to knowledge bases (it
 * holds the caller's Quire token, which this service does not take). The gateway routes nothing under
 * {@code /internal}.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/internal/v1/tenants/{tenantId}/knowledge-bases/owned")
@RequiredArgsConstructor
public class OwnedKnowledgeBasesResource {
    private final KnowledgeBaseStore kbs;
    private final IngestionConfig config;
    private final ObjectMapper json;

    /** The body is read as bytes and parsed after the secret is checked: a caller without it learns nothing. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public KnowledgeBaseIds owned(
            @HeaderParam(Headers.INTERNAL_SECRET) String secret, @PathParam("tenantId") UUID tenantId, byte[] body)
            throws IOException {
        InternalSecret.require(secret, config.internalSecret());
        KnowledgeBaseIds query = body == null || body.length == 0 ? null : json.readValue(body, KnowledgeBaseIds.class);
        if (query == null || query.ids() == null || query.ids().size() > KnowledgeBaseIds.MAX) {
            throw ApiException.validation("ids: a list of at most " + KnowledgeBaseIds.MAX + " knowledge base ids");
        }
        return new KnowledgeBaseIds(kbs.owned(tenantId, query.ids()));
    }
}
