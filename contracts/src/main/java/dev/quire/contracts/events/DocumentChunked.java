package dev.quire.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code document.chunked}: one batch (under 900 KB) of a document version's embedded chunks. {@code filename} is an
 * addition to EVENTS.md so search results can name their document without a call back to ingestion; so are
 * {@code language} (the knowledge base's text-search configuration, e.g. {@code english}) and the document's
 * {@code tags}, which the lexical leg and the tag filter need.
 */
public record DocumentChunked(
        UUID eventId,
        UUID tenantId,
        Instant occurredAt,
        UUID documentId,
        UUID knowledgeBaseId,
        int version,
        int batch,
        int batchCount,
        String embeddingModel,
        int dimension,
        String filename,
        List<ChunkPayload> chunks,
        String language,
        List<String> tags) {}
