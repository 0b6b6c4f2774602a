package dev.quire.retrieval.search;

import dev.quire.contracts.api.QueryEmbedding;
import dev.quire.contracts.api.SearchHit;
import dev.quire.contracts.api.SearchRequest;
import dev.quire.contracts.api.SearchResponse;
import dev.quire.platform.api.ApiException;
import dev.quire.retrieval.config.RetrievalConfig;
import dev.quire.retrieval.store.SearchStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Runs a search in the caller's tenant: dense, BM25, or both fused; then optional reranking and a threshold.
 * One class because the legs, the fusion and the rerank are steps of one request over the same resolved filter.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class SearchService {
    /** How hybrid mode fuses; the evaluation API may override the configured defaults to compare settings. */
    public record Tuning(
            String fusion,
            double denseWeight,
            int rrfK,
            int candidateFactor,
            double k1,
            double b,
            int identifierMaxChunks,
            int identifierRank) {}

    private final SearchStore store;
    private final QueryEmbedder embedder;
    private final Reranker reranker;
    private final RetrievalConfig config;
    private final ManagedExecutor executor;

    public Tuning defaults() {
        return new Tuning(
                config.fusion(),
                config.denseWeight(),
                config.rrfK(),
                config.candidateFactor(),
                config.bm25K1(),
                config.bm25B(),
                config.identifierMaxChunks(),
                config.identifierRank());
    }

    /** The public search: validated, at most 50 results. */
    public SearchResponse search(UUID tenantId, SearchRequest req) {
        return search(tenantId, null, req);
    }

    /**
     * The public search limited to the knowledge bases {@code visible} ({@code null}: all of the tenant's): asked-for
     * knowledge bases outside them are not found, and without a choice the search covers exactly them.
     */
    public SearchResponse search(UUID tenantId, Set<UUID> visible, SearchRequest req) {
        return search(tenantId, visible, req, null);
    }

    /**
     * The same with the query's embedding already computed by the caller ({@code given}, or null): used only for
     * knowledge bases on the model it names ({@link QueryEmbedder#embed(String, String, QueryEmbedding)}).
     */
    public SearchResponse search(UUID tenantId, Set<UUID> visible, SearchRequest req, QueryEmbedding given) {
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
        boolean rerank = Boolean.TRUE.equals(req.rerank());
        if (rerank && !reranker.available()) {
            throw ApiException.validation("rerank needs a reranker: configure an LLM (QUIRE_LLM_BASE_URL)");
        }
        String mode = mode(req.mode());
        if (visible != null) {
            List<UUID> asked = emptyToNull(req.knowledgeBaseIds());
            if (asked != null && !visible.containsAll(asked)) {
                throw ApiException.notFound("knowledge base");
            }
            List<UUID> kbs = asked != null ? asked : List.copyOf(visible);
            if (kbs.isEmpty()) {
                return new SearchResponse(List.of(), (System.nanoTime() - start) / 1_000_000, rerank);
            }
            req = new SearchRequest(
                    req.query(),
                    kbs,
                    req.tags(),
                    req.documentIds(),
                    req.topK(),
                    req.mode(),
                    req.rerank(),
                    req.scoreThreshold());
        }
        List<SearchHit> hits = retrieve(tenantId, req, mode, rerank ? Math.max(k * 3, 20) : k, defaults(), given);
        if (rerank) {
            hits = reranker.rerank(req.query(), hits, k);
        }
        if (req.scoreThreshold() != null) {
            double min = req.scoreThreshold();
            hits = hits.stream().filter(h -> h.score() >= min).toList();
        }
        return new SearchResponse(hits, (System.nanoTime() - start) / 1_000_000, rerank);
    }

    /** Ranked chunks for one mode, without the public cap (the evaluation asks for hundreds). */
    public List<SearchHit> retrieve(UUID tenantId, SearchRequest req, String mode, int k, Tuning t) {
        return retrieve(tenantId, req, mode, k, t, null);
    }

    private List<SearchHit> retrieve(
            UUID tenantId, SearchRequest req, String mode, int k, Tuning t, QueryEmbedding given) {
        var filter = new SearchStore.Filter(
                tenantId, emptyToNull(req.knowledgeBaseIds()), emptyToNull(req.documentIds()), emptyToNull(req.tags()));
        var bm25 = new SearchStore.Bm25(t.k1(), t.b(), config.bm25PostingsPerTerm(), config.bm25Rescore());
        return switch (mode) {
            case "vector" -> dense(filter, req.query(), k, given);
            case "keyword" -> store.bm25(filter, req.query(), bm25, k);
            default -> {
                int n = Math.max(k * t.candidateFactor(), 40);
                // the two legs are independent: BM25 runs on a second connection while the dense leg runs here
                var lexicalLeg = executor.supplyAsync(() -> store.bm25(filter, req.query(), bm25, n));
                var dense = dense(filter, req.query(), n, given);
                var lexical = join(lexicalLeg);
                var fused = "weighted".equals(t.fusion())
                        ? Fusion.weighted(dense, lexical, t.denseWeight(), k)
                        : Fusion.rrf(List.of(dense, lexical), t.rrfK(), k);
                yield Fusion.pin(fused, rareIdentifierChunks(filter, req.query(), t), t.identifierRank(), k);
            }
        };
    }

    /**
     * The dense leg: the query is embedded once per embedding model among the searched knowledge bases (each keeps
     * the model it was created with) and compared only with chunks of that model; with more than one model the
     * lists merge by cosine score.
     */
    private List<SearchHit> dense(SearchStore.Filter filter, String query, int k, QueryEmbedding given) {
        List<String> models = store.models(filter);
        if (models.size() == 1) {
            return store.dense(filter, models.get(0), embedder.embed(models.get(0), query, given), k);
        }
        var merged = new java.util.ArrayList<SearchHit>();
        for (String model : models) {
            merged.addAll(store.dense(filter, model, embedder.embed(model, query, given), k));
        }
        merged.sort(java.util.Comparator.comparingDouble(SearchHit::score).reversed());
        return merged.size() > k ? List.copyOf(merged.subList(0, k)) : merged;
    }

    /**
     * The chunks that contain an identifier of the question verbatim, for each identifier that occurs in at most
     * {@code identifierMaxChunks} chunks of the scope (a common one says nothing about which chunk is meant).
     */
    private List<SearchHit> rareIdentifierChunks(SearchStore.Filter filter, String query, Tuning t) {
        if (t.identifierMaxChunks() < 1 || t.identifierRank() < 1) {
            return List.of();
        }
        var identifiers = Identifiers.of(query);
        if (identifiers.isEmpty()) {
            return List.of();
        }
        var out = new java.util.ArrayList<SearchHit>();
        for (var e : store.exact(filter, identifiers, t.identifierMaxChunks() + 1)) {
            if (e.chunks().size() <= t.identifierMaxChunks()) {
                out.addAll(e.chunks());
            }
        }
        return out;
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> leg) {
        try {
            return leg.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    public static String mode(String mode) {
        String m = mode == null ? "hybrid" : mode;
        if (!m.equals("vector") && !m.equals("keyword") && !m.equals("hybrid")) {
            throw ApiException.validation("mode must be vector, keyword or hybrid");
        }
        return m;
    }

    private static <T> List<T> emptyToNull(List<T> l) {
        return l == null || l.isEmpty() ? null : l;
    }
}
