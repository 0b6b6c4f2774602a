package dev.quire.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.contracts.api.SearchHit;
import dev.quire.retrieval.eval.Metrics;
import dev.quire.retrieval.search.Fusion;
import dev.quire.retrieval.search.Identifiers;
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
    void pinnedChunksMoveUpToTheirRankAndKeepScoresDescending() {
        var fused = List.of(hit("a", 0.9), hit("b", 0.8), hit("c", 0.7), hit("p", 0.1));
        // p was fused last, q not at all: both move up from rank 2, and a higher-ranked pin stays where it is
        var out = Fusion.pin(fused, List.of(hit("q", 0), hit("p", 0), hit("a", 0)), 2, 4);
        assertEquals(
                List.of("a", "p", "q", "b"),
                out.stream().map(SearchHit::chunkId).toList());
        for (int i = 1; i < out.size(); i++) {
            assertTrue(out.get(i - 1).score() >= out.get(i).score(), "scores must descend: " + out);
        }
        assertEquals(fused, Fusion.pin(fused, List.of(), 1, 4));
    }

    @Test
    void identifiersAreTheCodeLikeTokensOfAQuestion() {
        assertEquals(
                List.of("Z_BUF_ERROR", "update-mime-database"),
                Identifiers.of("Why does `Z_BUF_ERROR` appear after update-mime-database?"));
        assertEquals(
                List.of("deflateInit2", "E2BIG", "--no-browser", "misc/ninja_syntax.py"),
                Identifiers.of("deflateInit2 or E2BIG, --no-browser, misc/ninja_syntax.py (ISO-8859-1)"));
        assertEquals(List.of("ISO-8859-1"), Identifiers.of("Is ISO-8859-1 accepted?"));
        assertEquals(List.of(), Identifiers.of("What is the refund policy of the 1990s for the 3rd time, e.g. now?"));
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
