package dev.quire.ingestion.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.DocumentStatus;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.contracts.events.DocumentDeleted;
import dev.quire.contracts.events.DocumentIngestRequested;
import dev.quire.contracts.events.DocumentSource;
import dev.quire.contracts.events.DocumentStatusChanged;
import dev.quire.contracts.events.DocumentTagged;
import dev.quire.ingestion.audit.Audit;
import dev.quire.ingestion.blob.BlobStore;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.Db;
import dev.quire.platform.events.EventPublisher;
import dev.quire.platform.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * What can happen to one document: reprocess, new tags, deletion; each with its event in the outbox of the same
 * transaction. One class because these are the changes to an existing document, each one tenant transaction that
 * changes its row and adds the event to the outbox under the document's key, so a document's events stay in order.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class DocumentService {
    private static final Logger LOG = Logger.getLogger(DocumentService.class);

    private final Db db;
    private final DocumentQueries queries;
    private final Outbox outbox;
    private final EventPublisher publisher;
    private final ObjectMapper json;
    private final DocumentStore docs;
    private final Audit audit;
    private final BlobStore blobs;

    /**
     * Queues a new version of the document from its stored bytes and current tags; search keeps serving the previous
     * version until retrieval has the whole new one, audited as {@code document.reprocess} on the same transaction.
     * Empty when the tenant has no such document.
     */
    public Optional<DocumentStore.Document> reprocess(UUID tenantId, AuditRecorded.Actor actor, String ip, UUID docId) {
        Optional<DocumentStore.Document> queued = db.inTenant(tenantId, c -> {
            var d = queries.newVersion(c, tenantId, docId);
            if (d.isPresent()) {
                var doc = d.get();
                outbox.add(
                        c,
                        Topics.INGEST_REQUESTED,
                        Topics.documentKey(tenantId, docId),
                        new DocumentIngestRequested(
                                UUID.randomUUID(),
                                tenantId,
                                Instant.now(),
                                docId,
                                doc.knowledgeBaseId(),
                                doc.version(),
                                doc.filename(),
                                doc.contentType(),
                                doc.sha256(),
                                doc.sizeBytes(),
                                doc.blobId(),
                                doc.tags(),
                                source(doc)));
                audit.success(
                        c,
                        tenantId,
                        actor,
                        new Audit.Action(
                                "document.reprocess",
                                "document",
                                docId,
                                ip,
                                Map.of(
                                        "filename",
                                        doc.filename(),
                                        "knowledgeBaseId",
                                        doc.knowledgeBaseId().toString(),
                                        "version",
                                        doc.version())));
            }
            return d;
        });
        queued.ifPresent(d -> announce(tenantId, d));
        return queued;
    }

    /**
     * Adds or removes tags and announces the document's complete tag set on {@code document.tagged}; empty when the
     * tenant has no such document in the knowledge base. Over {@link Tags#MAX} tags → 400 (nothing changes). Audited
     * as {@code document.tag} on the same transaction, the detail saying which tags were added or removed.
     */
    public Optional<DocumentStore.Document> retag(
            UUID tenantId,
            AuditRecorded.Actor actor,
            String ip,
            UUID kbId,
            UUID docId,
            List<String> tags,
            boolean add) {
        return db.inTenant(tenantId, c -> {
            var d = queries.retag(c, tenantId, kbId, docId, tags, add);
            if (d.isPresent()) {
                if (d.get().tags().size() > Tags.MAX) {
                    throw ApiException.validation("a document carries at most " + Tags.MAX + " tags");
                }
                outbox.add(
                        c,
                        Topics.TAGGED,
                        Topics.documentKey(tenantId, docId),
                        new DocumentTagged(
                                UUID.randomUUID(),
                                tenantId,
                                Instant.now(),
                                docId,
                                kbId,
                                d.get().tags()));
                audit.success(
                        c,
                        tenantId,
                        actor,
                        new Audit.Action(
                                "document.tag",
                                "document",
                                docId,
                                ip,
                                Map.of(
                                        "filename",
                                        d.get().filename(),
                                        "knowledgeBaseId",
                                        kbId.toString(),
                                        add ? "added" : "removed",
                                        List.copyOf(tags == null ? List.of() : tags))));
            }
            return d;
        });
    }

    /** The status stream should show the new version as QUEUED; losing this only delays a UI refresh. */
    private void announce(UUID tenantId, DocumentStore.Document d) {
        try {
            publisher.send(
                    Topics.STATUS,
                    Topics.documentKey(tenantId, d.id()),
                    new DocumentStatusChanged(
                            UUID.randomUUID(),
                            tenantId,
                            Instant.now(),
                            d.id(),
                            d.knowledgeBaseId(),
                            d.version(),
                            DocumentStatus.QUEUED,
                            null,
                            null));
        } catch (RuntimeException e) {
            LOG.warnf("status event for %s v%d not sent: %s", d.id(), d.version(), e.getMessage());
        }
    }

    private DocumentSource source(DocumentStore.Document d) {
        try {
            return json.readValue(d.sourceJson(), DocumentSource.class);
        } catch (Exception e) {
            return DocumentSource.upload();
        }
    }

    /**
     * Deletes a document (all versions); announces it on {@code document.deleted} (retrieval drops the chunks) and
     * audits it in one transaction, then deletes its blob; false when the tenant has no such document.
     */
    public boolean deleteDocument(UUID tenantId, AuditRecorded.Actor actor, String ip, UUID docId) {
        UUID blobId = db.inTenant(tenantId, c -> {
            var gone = docs.delete(c, tenantId, docId);
            if (gone.isEmpty()) {
                return null;
            }
            var d = gone.get();
            outbox.add(
                    c,
                    Topics.DELETED,
                    Topics.documentKey(tenantId, docId),
                    new DocumentDeleted(
                            UUID.randomUUID(), tenantId, Instant.now(), docId, d.knowledgeBaseId(), d.version()));
            audit.success(
                    c,
                    tenantId,
                    actor,
                    new Audit.Action(
                            "document.delete",
                            "document",
                            docId,
                            ip,
                            Map.of("knowledgeBaseId", d.knowledgeBaseId().toString())));
            return d.blobId();
        });
        if (blobId == null) {
            return false;
        }
        blobs.delete(tenantId, List.of(blobId));
        return true;
    }
}
