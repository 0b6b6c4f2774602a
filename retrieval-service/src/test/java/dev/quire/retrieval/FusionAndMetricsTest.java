package dev.quire.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.contracts.api.SearchHit;
import dev.quire.retrieval.eval.Metrics;
import dev.quire.retrieval.search.Fusion;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FusionAndMetricsTest {
    private static SearchHit hit(String id, double score) {
        return new SearchHit(id, UUID.randomUUID(), UUID.randomUUID(), "f", "t", score, null, null);
    }

    @Test
    void rrfRewardsAgreementBetweenLegs() {
        var dense = List.of(hit("a", 0.9), hit("b", 0.8), hit("c", 0.7));
        var lexical = List.of(hit("b", 12), hit("d", 9), hit("c", 3));
        var fused = Fusion.rrf(List.of(dense, lexical), 60, 4);
        assertEquals(
                List.of("b", "c", "a", "d"),
                fused.stream().map(SearchHit::chunkId).toList());
        assertEquals(1.0 / 62 + 1.0 / 61, fused.get(0).score(), 1e-12);
    }

    @Test
    void weightedFusionNormalisesEachLegBeforeMixing() {
        var dense = List.of(hit("a", 0.90), hit("b", 0.50));
        var lexical = List.of(hit("b", 20.0), hit("c", 10.0));
        var fused = Fusion.weighted(dense, lexical, 0.5, 3);
        // a: 0.5*1 + 0 ; b: 0.5*0 + 0.5*1 ; c: 0 + 0.5*0 -> a and b tie at 0.5, c last
        assertEquals(0.5, fused.get(0).score(), 1e-12);
        assertEquals("c", fused.get(2).chunkId());
        assertEquals(0.0, fused.get(2).score(), 1e-12);
    }

    @Test
    void metricsMatchHandComputedValues() {
        var ranked = List.of("x", "r1", "y", "r2");
        var rel = Map.of("r1", 1, "r2", 1);
        double dcg = 1 / (Math.log(3) / Math.log(2)) + 1 / (Math.log(5) / Math.log(2));
        double idcg = 1 + 1 / (Math.log(3) / Math.log(2));
        assertEquals(dcg / idcg, Metrics.ndcg(ranked, rel, 10), 1e-12);
        assertEquals(0.5, Metrics.recall(ranked, rel, 2), 1e-12);
        assertEquals(0.5, Metrics.mrr(ranked, rel, 10), 1e-12);
        assertEquals(0.0, Metrics.mrr(ranked, rel, 1), 1e-12);
    }
}
