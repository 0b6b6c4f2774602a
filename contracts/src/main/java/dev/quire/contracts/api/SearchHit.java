package dev.quire.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** One passage a search found. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchHit(
        String chunkId,
        UUID documentId,
        UUID knowledgeBaseId,
        String filename,
        String text,
        double score,
        Integer page,
        String section) {}
