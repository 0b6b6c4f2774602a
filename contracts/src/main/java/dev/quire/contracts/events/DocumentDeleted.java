package dev.quire.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** {@code document.deleted}: a document (all versions up to {@code version}) or a whole knowledge base is gone. */
public record DocumentDeleted(
        UUID eventId, UUID tenantId, Instant occurredAt, UUID documentId, UUID knowledgeBaseId, Integer version) {}
