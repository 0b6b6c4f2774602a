package dev.quire.contracts.api;

import java.util.List;

/** Answer of {@code POST /api/v1/search}. */
public record SearchResponse(List<SearchHit> results, long tookMs) {}
