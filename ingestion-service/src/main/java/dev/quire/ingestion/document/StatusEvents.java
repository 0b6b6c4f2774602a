package dev.quire.ingestion.document;

import dev.quire.contracts.DocumentStatus;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.DocumentStatusChanged;
import dev.quire.platform.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Moves a document version's status forward and announces the move on {@code document.status}. */
@ApplicationScoped
@RequiredArgsConstructor
public class StatusEvents {
    private final DocumentStore store;
    private final EventPublisher publisher;

    /** Returns false when the move was stale (another version, or already past it). */
    public boolean advance(
            UUID tenantId,
            UUID documentId,
            UUID kbId,
            int version,
            DocumentStatus next,
            String error,
            Integer chunkCount) {
        if (!store.advance(tenantId, documentId, version, next, error, chunkCount)) {
            return false;
        }
        publisher.send(
                Topics.STATUS,
                Topics.documentKey(tenantId, documentId),
                new DocumentStatusChanged(
                        UUID.randomUUID(),
                        tenantId,
                        Instant.now(),
                        documentId,
                        kbId,
                        version,
                        next,
                        error,
                        chunkCount));
        return true;
    }
}
