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

    /**
     * Keeps the chunks of {@code pinned} (those matching a rare identifier of the question) at rank {@code rank}
     * (1-based) or better: a pinned chunk ranked lower, or not fused at all, moves up to {@code rank} (the next one
     * to {@code rank + 1}, …); one ranked higher stays. A moved chunk takes at least the score of the chunk it
     * displaces, so scores still descend.
     */
    public static List<SearchHit> pin(List<SearchHit> fused, List<SearchHit> pinned, int rank, int limit) {
        if (pinned.isEmpty() || rank < 1) {
            return fused;
        }
        var position = new HashMap<String, Integer>();
        for (int i = 0; i < fused.size(); i++) {
            position.put(fused.get(i).chunkId(), i);
        }
        var ids = new java.util.HashSet<String>();
        var moving = new ArrayList<SearchHit>();
        for (var h : pinned) {
            if (ids.add(h.chunkId())) {
                moving.add(position.containsKey(h.chunkId()) ? fused.get(position.get(h.chunkId())) : h);
            }
        }
        moving.sort(Comparator.comparingInt(h -> position.getOrDefault(h.chunkId(), Integer.MAX_VALUE)));
        var out = new ArrayList<SearchHit>();
        for (var h : fused) {
            if (!ids.contains(h.chunkId())) {
                out.add(h);
            }
        }
        int moved = 0;
        int last = -1;
        for (var h : moving) {
            int was = position.getOrDefault(h.chunkId(), Integer.MAX_VALUE);
            // pins keep their fused order among themselves; only those below the guaranteed ranks move
            int target = Math.max(rank - 1 + moved, last + 1);
            int at = Math.min(out.size(), Math.min(was, target));
            if (was > target) {
                moved++;
            }
            at = Math.max(at, last + 1);
            double floor = at < out.size() ? out.get(at).score() : h.score();
            out.add(at, withScore(h, Math.max(h.score(), floor)));
            last = at;
        }
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
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
