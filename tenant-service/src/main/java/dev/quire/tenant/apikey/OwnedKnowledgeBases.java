package dev.quire.tenant.apikey;

import dev.quire.contracts.Headers;
import dev.quire.contracts.api.KnowledgeBaseIds;
import dev.quire.platform.api.ApiException;
import dev.quire.tenant.config.TenantConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Whether knowledge bases an API key is restricted to are the tenant's: ingestion-service owns them and answers
 * {@code POST /internal/v1/tenants/{tenantId}/knowledge-bases/owned} with the internal secret (it does not take the
 * caller's Quire token). Another tenant's knowledge base, or an unknown one, is 404 like any foreign object.
 */
@ApplicationScoped
public class OwnedKnowledgeBases {
    private static final Logger LOG = Logger.getLogger(OwnedKnowledgeBases.class);

    /** ingestion-service's internal lookup. */
    @RegisterRestClient(configKey = "ingestion")
    @Path("/internal/v1/tenants/{tenantId}/knowledge-bases/owned")
    public interface Client {
        @POST
        Uni<KnowledgeBaseIds> owned(
                @HeaderParam(Headers.INTERNAL_SECRET) String secret,
                @PathParam("tenantId") UUID tenantId,
                KnowledgeBaseIds ask);
    }

    private final Client ingestion;
    private final TenantConfig config;

    public OwnedKnowledgeBases(@RestClient Client ingestion, TenantConfig config) {
        this.ingestion = ingestion;
        this.config = config;
    }

    /** Completes when every one of {@code kbIds} is the tenant's; 404 when one is not, 502 when it cannot be told. */
    public Uni<Void> require(UUID tenantId, List<UUID> kbIds) {
        if (kbIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return ingestion
                .owned(config.internalSecret(), tenantId, new KnowledgeBaseIds(kbIds))
                .onFailure()
                .transform(e -> {
                    LOG.warnf("knowledge base check failed: %s", e.toString());
                    return new ApiException(
                            502, "upstream_unavailable", "knowledge bases cannot be checked now, try again");
                })
                .invoke(owned -> {
                    if (owned == null || owned.ids() == null || !owned.ids().containsAll(kbIds)) {
                        throw ApiException.notFound("knowledge base");
                    }
                })
                .replaceWithVoid();
    }
}
