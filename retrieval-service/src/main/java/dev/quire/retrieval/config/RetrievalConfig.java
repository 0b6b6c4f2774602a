package dev.quire.retrieval.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** retrieval-service settings; the defaults were chosen by measurement (docs/RETRIEVAL.md). */
@ConfigMapping(prefix = "quire.retrieval")
public interface RetrievalConfig {
    /** Live chunks from which a tenant gets its own HNSW index instead of an exact scan. */
    @WithDefault("10000")
    long hnswThreshold();

    /** HNSW candidate list size per query (recall against speed). */
    @WithDefault("100")
    int efSearch();

    /** How hybrid mode fuses its legs: {@code rrf} or {@code weighted}. */
    @WithDefault("weighted")
    String fusion();

    /** Reciprocal-rank fusion constant. */
    @WithDefault("60")
    int rrfK();

    /** Weight of the dense leg in weighted fusion (the lexical leg gets 1 - this). */
    @WithDefault("0.5")
    double denseWeight();

    /** Candidates each leg contributes to fusion, as a multiple of the requested topK. */
    @WithDefault("4")
    int candidateFactor();

    /**
     * An identifier of the question ({@code Z_BUF_ERROR}, {@code update-mime-database}) found verbatim in at most
     * this many chunks of the searched scope keeps those chunks in the hybrid top {@link #identifierRank()};
     * 0 turns the guarantee off.
     */
    @WithDefault("1")
    int identifierMaxChunks();

    /** The rank (1-based) a rare identifier's chunk is kept at or above in hybrid results. */
    @WithDefault("1")
    int identifierRank();

    /** How often the dense plan looks for tenants that outgrew the exact scan ({@code off} disables it). */
    @WithDefault("60s")
    String planEvery();

    @WithDefault("0.9")
    double bm25K1();

    @WithDefault("0.4")
    double bm25B();

    /** Strongest postings each query term offers as BM25 candidates (all of them for rarer terms). */
    @WithDefault("500")
    int bm25PostingsPerTerm();

    /** BM25 candidates rescored exactly with every query term (at least twice the requested count). */
    @WithDefault("100")
    int bm25Rescore();

    /**
     * The shared secret of service-to-service calls ({@code X-Quire-Internal-Secret}); chat-agent sends it when it
     * searches for a chat turn, so an API key's {@code chat} scope suffices there.
     */
    String internalSecret();
}
