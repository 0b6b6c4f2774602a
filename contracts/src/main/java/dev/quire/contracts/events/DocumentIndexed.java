package dev.quire.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** {@code document.indexed}: every chunk of a document version is searchable. */
public record DocumentIndexed(
        UUID eventId, UUID tenantId, Instant occurredAt, UUID documentId, int version, int chunkCount) {}
