package dev.quire.contracts.api;

import java.util.List;

/** Answer of {@code POST /api/v1/search}; {@code reranked} (added) says whether a reranker ordered it. */
public record SearchResponse(List<SearchHit> results, long tookMs, boolean reranked) {}
