package dev.quire.ingestion.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.contracts.events.ConnectorItemRefused;
import dev.quire.contracts.events.ConnectorItemSynced;
import dev.quire.contracts.events.DocumentIngestRequested;
import dev.quire.contracts.events.DocumentSource;
import dev.quire.ingestion.blob.BlobStore;
import dev.quire.ingestion.knowledgebase.KnowledgeBaseStore;
import dev.quire.ingestion.pipeline.SafeFilename;
import dev.quire.ingestion.pipeline.TypeSniffer;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.Db;
import dev.quire.platform.events.Outbox;
import dev.quire.platform.secrets.Sha256;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns connector-service's {@code connector.item} records into documents on the upload pipeline: one source item is
 * one document (the id connector-service chose), changed bytes are its next version, the same bytes again change
 * nothing, and a vanished item deletes the document. Each change goes on with {@code document.ingest-requested}
 * (carrying the source reference) or {@code document.deleted} through the outbox, as uploads and deletes do. The
 * plan's document and storage limits hold as for uploads (same lock, same count); an item past them is not stored
 * and goes back to connector-service as {@code connector.item-refused}. Bytes too large for the record are fetched
 * from connector-service's staging.
 * One class because a new item, a new version, a deletion and a refusal are the branches of one consumer's decision
 * under one tenant lock.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ConnectorItems {
    private static final Logger LOG = Logger.getLogger(ConnectorItems.class);
    /** A connector acts for nobody in particular: its changes are audited without a user. */
    private static final AuditRecorded.Actor CONNECTOR = new AuditRecorded.Actor(null, null);

    private final Db db;
    private final ObjectMapper json;
    private final DocumentStore docs;
    private final DocumentService documents;
    private final KnowledgeBaseStore kbs;
    private final BlobStore blobs;
    private final TypeSniffer sniffer;
    private final Outbox outbox;
    private final StagedContent staged;

    @Incoming("connector-item")
    @Blocking
    public void onItem(String payload) throws Exception {
        var e = json.readValue(payload, ConnectorItemSynced.class);
        if (e.tenantId() == null || e.documentId() == null || e.knowledgeBaseId() == null || e.connectorId() == null) {
            throw new IllegalArgumentException(
                    "a connector item needs tenantId, documentId, knowledgeBaseId, connectorId");
        }
        if (e.deleted()) {
            documents.deleteDocument(e.tenantId(), CONNECTOR, null, e.documentId());
            return;
        }
        boolean inline = e.content() != null && e.content().length > 0;
        if (!inline && e.stagedContentId() == null) {
            throw new IllegalArgumentException("a changed connector item carries its content or a staged content id");
        }
        if (kbs.find(e.tenantId(), e.knowledgeBaseId()).isEmpty()) {
            LOG.infof("connector %s item dropped: knowledge base %s is gone", e.connectorId(), e.knowledgeBaseId());
            return;
        }
        byte[] bytes = inline ? e.content() : staged.fetch(e.tenantId(), e.stagedContentId(), e.sizeBytes());
        store(e, bytes);
        if (e.stagedContentId() != null) {
            staged.release(e.tenantId(), e.stagedContentId());
        }
    }

    private void store(ConnectorItemSynced e, byte[] bytes) throws Exception {
        UUID tenant = e.tenantId();
        var quota = e.quota() == null
                ? StorageQuota.NONE
                : new StorageQuota(
                        e.quota().maxDocuments(),
                        e.quota().maxStorageMb() == null ? null : e.quota().maxStorageMb() * 1024L * 1024L);
        String filename = SafeFilename.of(e.filename() == null ? e.itemId() : e.filename());
        String type = sniffer.sniff(bytes, filename);
        String sha = Sha256.hex(bytes);
        var sourceRef = new DocumentSource(e.connectorType(), e.connectorId(), e.itemId(), e.url(), e.modifiedAt());
        String source = json.writeValueAsString(sourceRef);
        UUID blobId = UUID.randomUUID();
        Optional<UUID> oldBlob = db.inTenant(tenant, c -> {
            // the same lock and count as uploads: concurrent uploads and items cannot pass the plan's limits together
            var stored = quota.lock(c, tenant);
            var existing = Db.one(
                    c,
                    "select " + DocumentStore.COLUMNS + " from documents where tenant_id = ? and id = ? for update",
                    DocumentStore::map,
                    tenant,
                    e.documentId());
            if (existing.isPresent() && existing.get().sha256().equals(sha)) {
                return Optional.<UUID>empty(); // the same bytes again (a redelivered record): nothing changes
            }
            try {
                if (existing.isPresent()) {
                    quota.admitVersion(stored, filename, existing.get().sizeBytes(), bytes.length);
                } else {
                    quota.admit(stored, filename, bytes.length);
                }
            } catch (ApiException refused) {
                // never a document, never silently dropped: the run lists it among its per-item errors
                outbox.add(
                        c,
                        Topics.CONNECTOR_ITEM_REFUSED,
                        Topics.documentKey(tenant, e.documentId()),
                        new ConnectorItemRefused(
                                UUID.randomUUID(),
                                tenant,
                                Instant.now(),
                                e.connectorId(),
                                e.runId(),
                                e.documentId(),
                                e.itemId(),
                                e.itemVersion(),
                                e.filename(),
                                e.url(),
                                refused.code,
                                refused.getMessage(),
                                existing.isPresent()));
                return Optional.<UUID>empty();
            }
            blobs.put(c, tenant, blobId, bytes);
            DocumentStore.Document d;
            if (existing.isPresent()) {
                d = Db.one(
                                c,
                                "update documents set version = version + 1, status = 'QUEUED', error = null,"
                                        + " chunk_count = null, filename = ?, content_type = ?, size_bytes = ?,"
                                        + " sha256 = ?, blob_id = ?, source = ?::jsonb"
                                        + " where tenant_id = ? and id = ? returning " + DocumentStore.COLUMNS,
                                DocumentStore::map,
                                filename,
                                type,
                                (long) bytes.length,
                                sha,
                                blobId,
                                source,
                                tenant,
                                e.documentId())
                        .orElseThrow();
            } else {
                docs.insert(
                        c,
                        tenant,
                        new DocumentStore.NewDocument(
                                e.documentId(), e.knowledgeBaseId(), filename, type, bytes, sha, List.of(), source),
                        blobId);
                d = Db.one(
                                c,
                                "select " + DocumentStore.COLUMNS + " from documents where tenant_id = ? and id = ?",
                                DocumentStore::map,
                                tenant,
                                e.documentId())
                        .orElseThrow();
            }
            outbox.add(
                    c,
                    Topics.INGEST_REQUESTED,
                    Topics.documentKey(tenant, d.id()),
                    new DocumentIngestRequested(
                            UUID.randomUUID(),
                            tenant,
                            Instant.now(),
                            d.id(),
                            d.knowledgeBaseId(),
                            d.version(),
                            filename,
                            type,
                            sha,
                            bytes.length,
                            blobId,
                            d.tags(),
                            sourceRef));
            return existing.map(DocumentStore.Document::blobId);
        });
        // the previous version's bytes go once the new version is committed (search serves the old chunks meanwhile)
        oldBlob.ifPresent(b -> blobs.delete(tenant, List.of(b)));
    }
}
