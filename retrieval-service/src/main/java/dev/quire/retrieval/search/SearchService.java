package dev.quire.retrieval.search;

import dev.quire.contracts.api.SearchHit;
import dev.quire.contracts.api.SearchRequest;
import dev.quire.contracts.api.SearchResponse;
import dev.quire.retrieval.api.ApiException;
import dev.quire.retrieval.store.SearchStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Runs a search in the caller's tenant: vector, keyword, or both fused by reciprocal rank. */
@ApplicationScoped
public class SearchService {
    private static final int RRF_K = 60;

    private final SearchStore store;
    private final QueryEmbedder embedder;

    public SearchService(SearchStore store, QueryEmbedder embedder) {
        this.store = store;
        this.embedder = embedder;
    }

    public SearchResponse search(UUID tenantId, SearchRequest req) {
        long start = System.nanoTime();
        if (req == null || req.query() == null || req.query().isBlank()) {
            throw ApiException.validation("query is required");
        }
        if (req.query().length() > 4000) {
            throw ApiException.validation("query is longer than 4000 characters");
        }
        int k = req.topK() == null ? 8 : req.topK();
        if (k < 1 || k > 50) {
            throw ApiException.validation("topK must be between 1 and 50");
        }
        String mode = req.mode() == null ? "hybrid" : req.mode();
        var filter =
                new SearchStore.Filter(tenantId, emptyToNull(req.knowledgeBaseIds()), emptyToNull(req.documentIds()));
        List<SearchHit> hits =
                switch (mode) {
                    case "vector" -> store.vector(filter, embedder.embed(req.query()), k);
                    case "keyword" -> store.keyword(filter, req.query(), k);
                    case "hybrid" -> fuse(
                            List.of(
                                    store.vector(filter, embedder.embed(req.query()), k * 3),
                                    store.keyword(filter, req.query(), k * 3)),
                            k);
                    default -> throw ApiException.validation("mode must be vector, keyword or hybrid");
                };
        return new SearchResponse(hits, (System.nanoTime() - start) / 1_000_000);
    }

    /** Reciprocal-rank fusion: each leg adds 1/(60 + rank); the fused score replaces the legs' scores. */
    static List<SearchHit> fuse(List<List<SearchHit>> legs, int k) {
        Map<String, Double> score = new HashMap<>();
        Map<String, SearchHit> byId = new LinkedHashMap<>();
        for (var leg : legs) {
            for (int r = 0; r < leg.size(); r++) {
                var h = leg.get(r);
                score.merge(h.chunkId(), 1.0 / (RRF_K + r + 1), Double::sum);
                byId.putIfAbsent(h.chunkId(), h);
            }
        }
        var out = new ArrayList<SearchHit>();
        byId.values().stream()
                .sorted(Comparator.comparingDouble((SearchHit h) -> -score.get(h.chunkId())))
                .limit(k)
                .forEach(h -> out.add(new SearchHit(
                        h.chunkId(),
                        h.documentId(),
                        h.knowledgeBaseId(),
                        h.filename(),
                        h.text(),
                        score.get(h.chunkId()),
                        h.page(),
                        h.section())));
        return out;
    }

    private static <T> List<T> emptyToNull(List<T> l) {
        return l == null || l.isEmpty() ? null : l;
    }
}
