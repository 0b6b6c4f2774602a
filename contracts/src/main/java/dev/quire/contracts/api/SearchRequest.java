package dev.quire.contracts.api;

import java.util.List;
import java.util.UUID;

/** Body of {@code POST /api/v1/search}; absent fields take the defaults of API.md ({@code scoreThreshold} is added). */
public record SearchRequest(
        String query,
        List<UUID> knowledgeBaseIds,
        List<String> tags,
        List<UUID> documentIds,
        Integer topK,
        String mode,
        Boolean rerank,
        Double scoreThreshold) {}
