package dev.quire.retrieval.search;

import dev.quire.contracts.api.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Combines the ranked lists of the two legs into one; the fused score replaces the legs' scores. */
public final class Fusion {
    private Fusion() {}

    /** Reciprocal-rank fusion: each list adds {@code 1 / (k + rank)}. */
    public static List<SearchHit> rrf(List<List<SearchHit>> legs, int k, int limit) {
        Map<String, Double> score = new HashMap<>();
        Map<String, SearchHit> byId = new LinkedHashMap<>();
        for (var leg : legs) {
            for (int r = 0; r < leg.size(); r++) {
                var h = leg.get(r);
                score.merge(h.chunkId(), 1.0 / (k + r + 1), Double::sum);
                byId.putIfAbsent(h.chunkId(), h);
            }
        }
        return ranked(byId, score, limit);
    }

    /**
     * Weighted sum of min-max normalised scores: {@code w * dense + (1 - w) * lexical}; a chunk missing from a
     * list scores 0 there.
     */
    public static List<SearchHit> weighted(List<SearchHit> dense, List<SearchHit> lexical, double w, int limit) {
        Map<String, Double> score = new HashMap<>();
        Map<String, SearchHit> byId = new LinkedHashMap<>();
        add(dense, w, score, byId);
        add(lexical, 1 - w, score, byId);
        return ranked(byId, score, limit);
    }

    private static void add(
            List<SearchHit> leg, double weight, Map<String, Double> score, Map<String, SearchHit> byId) {
        if (leg.isEmpty()) {
            return;
        }
        double max = leg.stream().mapToDouble(SearchHit::score).max().orElse(0);
        double min = leg.stream().mapToDouble(SearchHit::score).min().orElse(0);
        double span = max - min;
        for (var h : leg) {
            double norm = span <= 0 ? 1.0 : (h.score() - min) / span;
            score.merge(h.chunkId(), weight * norm, Double::sum);
            byId.putIfAbsent(h.chunkId(), h);
        }
    }

    private static List<SearchHit> ranked(Map<String, SearchHit> byId, Map<String, Double> score, int limit) {
        var out = new ArrayList<SearchHit>();
        byId.values().stream()
                .sorted(Comparator.comparingDouble((SearchHit h) -> -score.get(h.chunkId())))
                .limit(limit)
                .forEach(h -> out.add(withScore(h, score.get(h.chunkId()))));
        return out;
    }

    static SearchHit withScore(SearchHit h, double s) {
        return new SearchHit(
                h.chunkId(), h.documentId(), h.knowledgeBaseId(), h.filename(), h.text(), s, h.page(), h.section());
    }
}
