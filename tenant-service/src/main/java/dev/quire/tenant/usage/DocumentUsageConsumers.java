package dev.quire.tenant.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.DocumentDeleted;
import dev.quire.contracts.events.DocumentIngestRequested;
import dev.quire.platform.db.Db;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds documents and storage of the usage ledger from {@code document.ingest-requested} and {@code document.deleted}
 * (ingestion's outbox): each event once, each document counted once with its newest version's bytes.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class DocumentUsageConsumers {
    private final ObjectMapper json;
    private final LedgerEvents events;
    private final LedgerStore ledger;
    private final FootprintStore footprints;

    @Incoming("documents-requested")
    @Blocking
    public void onRequested(String payload) throws Exception {
        var e = json.readValue(payload, DocumentIngestRequested.class);
        LedgerEvents.require(
                e.eventId() != null && e.tenantId() != null && e.documentId() != null,
                "document.ingest-requested without eventId, tenantId or documentId");
        apply(
                e.tenantId(),
                e.eventId(),
                e.occurredAt(),
                c -> footprints.requested(
                        c, e.tenantId(), e.documentId(), e.knowledgeBaseId(), e.version(), Math.max(0, e.sizeBytes())));
    }

    @Incoming("documents-deleted")
    @Blocking
    public void onDeleted(String payload) throws Exception {
        var e = json.readValue(payload, DocumentDeleted.class);
        LedgerEvents.require(
                e.eventId() != null && e.tenantId() != null && (e.documentId() != null || e.knowledgeBaseId() != null),
                "document.deleted without eventId, tenantId or a document or knowledge base");
        apply(
                e.tenantId(),
                e.eventId(),
                e.occurredAt(),
                c -> e.documentId() != null
                        ? footprints.documentDeleted(
                                c,
                                e.tenantId(),
                                e.documentId(),
                                e.knowledgeBaseId(),
                                e.version() == null ? Integer.MAX_VALUE : e.version())
                        : footprints.knowledgeBaseDeleted(c, e.tenantId(), e.knowledgeBaseId()));
    }

    private void apply(UUID tenantId, UUID eventId, Instant occurredAt, Db.Work<FootprintStore.Change> change) {
        events.once(tenantId, eventId, c -> {
            var ch = change.run(c);
            if (!ch.none()) {
                ledger.addDocuments(c, tenantId, LedgerEvents.at(occurredAt), ch.added(), ch.deleted(), ch.bytes());
            }
        });
    }
}
