package dev.quire.retrieval.eval;

import java.util.List;
import java.util.Map;

/** Ranking metrics over document ids, as BEIR computes them (graded gains for nDCG, binary elsewhere). */
public final class Metrics {
    private Metrics() {}

    /** nDCG@k with gains from the judgements ({@code relevant} maps document id to grade > 0). */
    public static double ndcg(List<String> ranked, Map<String, Integer> relevant, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            int g = relevant.getOrDefault(ranked.get(i), 0);
            if (g > 0) {
                dcg += g / log2(i + 2);
            }
        }
        List<Integer> ideal = relevant.values().stream()
                .filter(g -> g > 0)
                .sorted((a, b) -> b - a)
                .toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Share of the relevant documents found in the first k. */
    public static double recall(List<String> ranked, Map<String, Integer> relevant, int k) {
        long total = relevant.values().stream().filter(g -> g > 0).count();
        if (total == 0) {
            return 0;
        }
        long found = ranked.stream()
                .limit(k)
                .filter(d -> relevant.getOrDefault(d, 0) > 0)
                .count();
        return (double) found / total;
    }

    /** Reciprocal rank of the first relevant document within k, else 0. */
    public static double mrr(List<String> ranked, Map<String, Integer> relevant, int k) {
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.getOrDefault(ranked.get(i), 0) > 0) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
