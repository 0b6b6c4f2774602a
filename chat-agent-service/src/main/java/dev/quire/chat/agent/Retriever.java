package dev.quire.chat.agent;

import dev.quire.contracts.api.QueryEmbedding;
import dev.quire.contracts.api.SearchHit;
import dev.quire.contracts.api.SearchRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Searches the caller's knowledge. Tenant scoping lives here, not in any prompt: the caller's own token goes to
 * retrieval-service, which takes the tenant (and an API key's kb_ids) from it.
 */
@ApplicationScoped
public class Retriever {
    static final int TOP_K = 6;

    private final RetrievalClient client;
    private final String internalSecret;

    public Retriever(
            @RestClient RetrievalClient client,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quire.internal-secret")
                    String internalSecret) {
        this.client = client;
        this.internalSecret = internalSecret;
    }

    /** {@code knowledgeBaseIds} null searches every knowledge base the caller may read; empty searches nothing. */
    public List<SearchHit> search(String bearerToken, String query, List<UUID> knowledgeBaseIds) {
        return search(bearerToken, query, knowledgeBaseIds, TOP_K, null);
    }

    /**
     * The same with {@code topK} passages and, when already computed, the query's own embedding ({@code given}, or
     * null), which saves retrieval embedding the same text again.
     */
    public List<SearchHit> search(
            String bearerToken, String query, List<UUID> knowledgeBaseIds, int topK, QueryEmbedding given) {
        if (knowledgeBaseIds != null && knowledgeBaseIds.isEmpty()) {
            return List.of();
        }
        var req = new SearchRequest(query, knowledgeBaseIds, null, null, topK, "hybrid", null, null);
        return client.search("Bearer " + bearerToken, internalSecret, given == null ? null : given.header(), req)
                .results();
    }
}
