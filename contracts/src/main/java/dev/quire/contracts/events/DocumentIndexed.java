package dev.quire.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code document.indexed}: every chunk of a document version is searchable. {@code knowledgeBaseId} was added in
 * wave 2 (null in older records), so that consumers such as the answer cache drop only that knowledge base's entries.
 */
public record DocumentIndexed(
        UUID eventId,
        UUID tenantId,
        Instant occurredAt,
        UUID documentId,
        int version,
        int chunkCount,
        UUID knowledgeBaseId) {}
