package dev.quire.retrieval.eval;

import dev.quire.contracts.api.SearchHit;
import dev.quire.contracts.api.SearchRequest;
import dev.quire.platform.api.ApiException;
import dev.quire.retrieval.search.SearchService;
import dev.quire.retrieval.store.SearchStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * Scores a golden set against one knowledge base, per mode. Chunks are ranked, then folded to documents (a
 * document ranks where its best chunk does); a judged id matches a document by its id, its filename, or its
 * filename without extension (so BEIR corpus ids work when the files were uploaded as {@code <id>.<ext>}).
 */
@ApplicationScoped
@RequiredArgsConstructor
public class EvaluationService {
    /**
     * One query and its judgements (document reference → grade); {@code passages}: also judged on the first five
     * passages a search returns (one of them from a relevant document, and containing {@code expectedText} when set).
     */
    public record Judged(
            String id, String text, Map<String, Integer> relevant, String expectedText, boolean passages) {}

    /**
     * The figures of one mode; {@code passageHitAt5}: share of the passage-judged queries (question items) whose
     * top-5 search passages hold a right one, null when there are none.
     */
    public record ModeResult(
            double ndcgAt10, double recallAtK, double mrrAt10, int k, int queries, Double passageHitAt5) {}

    /** Passages a question item is judged on: what a chat turn's search of five would return. */
    static final int PASSAGES = 5;

    public static final int MAX_QUERIES = 2000;
    /** The longest {@code modes} list taken (three modes exist; repeats are evaluated once). */
    static final int MAX_MODE_ENTRIES = 10;

    private static final int CHUNKS_PER_DOC = 3;

    private final SearchService search;
    private final SearchStore store;

    public Map<String, ModeResult> evaluate(
            UUID tenantId, UUID kbId, List<Judged> golden, List<String> modes, int k, SearchService.Tuning tuning) {
        if (!store.knowledgeBaseExists(tenantId, kbId)) {
            throw ApiException.notFound("knowledge base");
        }
        if (golden.isEmpty() || golden.size() > MAX_QUERIES) {
            throw ApiException.validation("a golden set needs 1 to " + MAX_QUERIES + " judged queries");
        }
        if (k < 1 || k > 100) {
            throw ApiException.validation("k must be between 1 and 100");
        }
        if (modes.size() > MAX_MODE_ENTRIES) {
            throw ApiException.validation("modes: at most " + MAX_MODE_ENTRIES + " entries (vector, keyword, hybrid)");
        }
        // each mode once however often it is named: a repeated mode would run the whole golden set again for the
        // same result (10,000 repeats took minutes)
        var distinct = new LinkedHashSet<String>();
        for (String mode : modes) {
            distinct.add(SearchService.mode(mode));
        }
        Map<String, ModeResult> out = new LinkedHashMap<>();
        for (String m : distinct) {
            double ndcg = 0;
            double recall = 0;
            double mrr = 0;
            int hits = 0;
            int judgedPassages = 0;
            for (Judged q : golden) {
                var req = new SearchRequest(q.text(), List.of(kbId), null, null, null, m, null, null);
                List<String> ranked =
                        documents(search.retrieve(tenantId, req, m, k * CHUNKS_PER_DOC, tuning), k, q.relevant());
                ndcg += Metrics.ndcg(ranked, q.relevant(), 10);
                recall += Metrics.recall(ranked, q.relevant(), k);
                mrr += Metrics.mrr(ranked, q.relevant(), 10);
                if (q.passages()) {
                    judgedPassages++;
                    if (search.retrieve(tenantId, req, m, PASSAGES, tuning).stream()
                            .anyMatch(h -> answers(h, q))) {
                        hits++;
                    }
                }
            }
            int n = golden.size();
            out.put(
                    m,
                    new ModeResult(
                            ndcg / n,
                            recall / n,
                            mrr / n,
                            k,
                            n,
                            judgedPassages == 0 ? null : (double) hits / judgedPassages));
        }
        return out;
    }

    /** Documents in the order of their best chunk, each named by the reference the judgements use for it. */
    private static List<String> documents(List<SearchHit> hits, int k, Map<String, Integer> relevant) {
        var seen = new LinkedHashSet<UUID>();
        var names = new ArrayList<String>();
        for (var h : hits) {
            if (seen.add(h.documentId())) {
                names.add(reference(h, relevant));
            }
            if (seen.size() == k) {
                break;
            }
        }
        return names;
    }

    private static boolean answers(SearchHit h, Judged q) {
        return q.relevant().getOrDefault(reference(h, q.relevant()), 0) > 0
                && (q.expectedText() == null || h.text().contains(q.expectedText()));
    }

    private static String reference(SearchHit h, Map<String, Integer> relevant) {
        String id = h.documentId().toString();
        String file = h.filename() == null ? "" : h.filename();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        for (String candidate : List.of(id, file, stem)) {
            if (relevant.containsKey(candidate)) {
                return candidate;
            }
        }
        return id;
    }
}
