package dev.quire.contracts.events;

import dev.quire.contracts.DocumentStatus;
import java.time.Instant;
import java.util.UUID;

/** {@code document.status}: a document version moved to a new status. */
public record DocumentStatusChanged(
        UUID eventId,
        UUID tenantId,
        Instant occurredAt,
        UUID documentId,
        UUID knowledgeBaseId,
        int version,
        DocumentStatus status,
        String error,
        Integer chunkCount) {}
