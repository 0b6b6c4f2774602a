package dev.quire.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code document.ingest-requested}: a document version waits to be parsed, chunked and embedded. */
public record DocumentIngestRequested(
        UUID eventId,
        UUID tenantId,
        Instant occurredAt,
        UUID documentId,
        UUID knowledgeBaseId,
        int version,
        String filename,
        String contentType,
        String sha256,
        long sizeBytes,
        UUID blobId,
        List<String> tags,
        DocumentSource source) {}
