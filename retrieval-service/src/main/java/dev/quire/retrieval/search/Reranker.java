package dev.quire.retrieval.search;

import dev.quire.contracts.api.SearchHit;
import java.util.List;

/** An optional last stage that reorders the fused candidates by reading them against the query. */
public interface Reranker {
    /** Whether this installation has a reranker at all. */
    boolean available();

    /** The candidates reordered, best first, at most {@code limit}. */
    List<SearchHit> rerank(String query, List<SearchHit> candidates, int limit);
}
