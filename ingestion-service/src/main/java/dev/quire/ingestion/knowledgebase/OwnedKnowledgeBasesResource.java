package dev.quire.ingestion.knowledgebase;

import dev.quire.contracts.Headers;
import dev.quire.contracts.api.KnowledgeBaseIds;
import dev.quire.ingestion.config.IngestionConfig;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.InternalSecret;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;

/**
 * {@code POST /internal/v1/tenants/{tenantId}/knowledge-bases/owned}: which of the given knowledge bases are the
 * tenant's. tenant-service asks it, with the internal secret, before an API key is restricted to knowledge bases (it
 * holds the caller's Quire token, which this service does not take). The gateway routes nothing under
 * {@code /internal}.
 */
@Path("/internal/v1/tenants/{tenantId}/knowledge-bases/owned")
public class OwnedKnowledgeBasesResource {
    private final KnowledgeBaseStore kbs;
    private final IngestionConfig config;

    public OwnedKnowledgeBasesResource(KnowledgeBaseStore kbs, IngestionConfig config) {
        this.kbs = kbs;
        this.config = config;
    }

    @POST
    public KnowledgeBaseIds owned(
            @HeaderParam(Headers.INTERNAL_SECRET) String secret,
            @PathParam("tenantId") UUID tenantId,
            KnowledgeBaseIds query) {
        InternalSecret.require(secret, config.internalSecret());
        if (query == null || query.ids() == null || query.ids().size() > KnowledgeBaseIds.MAX) {
            throw ApiException.validation("ids: a list of at most " + KnowledgeBaseIds.MAX + " knowledge base ids");
        }
        return new KnowledgeBaseIds(kbs.owned(tenantId, query.ids()));
    }
}
