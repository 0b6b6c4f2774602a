package dev.quire.retrieval.search;

import dev.quire.retrieval.store.SearchStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Whether knowledge bases a search names are the caller's. One with indexed chunks is known here; one without
 * (new, or still empty) is confirmed by ingestion-service with the caller's own token, and the answer is kept for
 * a few minutes. What cannot be confirmed is not the caller's: the search answers 404, never an empty 200 that
 * would treat another tenant's id like one's own.
 */
@ApplicationScoped
public class KnowledgeBases {
    private static final Logger LOG = Logger.getLogger(KnowledgeBases.class);
    private static final long CONFIRMED_MS = 300_000;

    private final SearchStore store;
    private final IngestionClient ingestion;
    private final Map<String, Long> confirmed = new ConcurrentHashMap<>();

    public KnowledgeBases(SearchStore store, @RestClient IngestionClient ingestion) {
        this.store = store;
        this.ingestion = ingestion;
    }

    public boolean allOwn(UUID tenantId, List<UUID> kbIds, String rawToken) {
        for (UUID kb : kbIds) {
            if (!own(tenantId, kb, rawToken)) {
                return false;
            }
        }
        return true;
    }

    private boolean own(UUID tenantId, UUID kb, String rawToken) {
        if (store.knowledgeBaseExists(tenantId, kb)) {
            return true;
        }
        String key = tenantId + ":" + kb;
        Long until = confirmed.get(key);
        if (until != null && until > System.currentTimeMillis()) {
            return true;
        }
        try (var r = ingestion.knowledgeBase("Bearer " + rawToken, kb)) {
            if (r.getStatus() == 200) {
                confirmed.put(key, System.currentTimeMillis() + CONFIRMED_MS);
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            LOG.warnf("ingestion-service could not confirm knowledge base %s: %s", kb, e.getMessage());
            return false;
        }
    }
}
