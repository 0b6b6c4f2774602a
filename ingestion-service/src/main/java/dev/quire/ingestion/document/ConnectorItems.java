package dev.quire.ingestion.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.contracts.events.ConnectorItemSynced;
import dev.quire.contracts.events.DocumentIngestRequested;
import dev.quire.contracts.events.DocumentSource;
import dev.quire.ingestion.blob.BlobStore;
import dev.quire.ingestion.knowledgebase.KnowledgeBaseStore;
import dev.quire.ingestion.pipeline.SafeFilename;
import dev.quire.ingestion.pipeline.TypeSniffer;
import dev.quire.platform.db.Db;
import dev.quire.platform.events.Outbox;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns connector-service's {@code connector.item} records into documents on the upload pipeline: one source item is
 * one document (the id connector-service chose), changed bytes are its next version, the same bytes again change
 * nothing, and a vanished item deletes the document. Each change goes on with {@code document.ingest-requested}
 * (carrying the source reference) or {@code document.deleted} through the outbox, as uploads and deletes do.
 */
@ApplicationScoped
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

    public ConnectorItems(
            Db db,
            ObjectMapper json,
            DocumentStore docs,
            DocumentService documents,
            KnowledgeBaseStore kbs,
            BlobStore blobs,
            TypeSniffer sniffer,
            Outbox outbox) {
        this.db = db;
        this.json = json;
        this.docs = docs;
        this.documents = documents;
        this.kbs = kbs;
        this.blobs = blobs;
        this.sniffer = sniffer;
        this.outbox = outbox;
    }

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
        if (e.content() == null || e.content().length == 0) {
            throw new IllegalArgumentException("a changed connector item carries its content");
        }
        if (kbs.find(e.tenantId(), e.knowledgeBaseId()).isEmpty()) {
            LOG.infof("connector %s item dropped: knowledge base %s is gone", e.connectorId(), e.knowledgeBaseId());
            return;
        }
        store(e);
    }

    private void store(ConnectorItemSynced e) throws Exception {
        UUID tenant = e.tenantId();
        byte[] bytes = e.content();
        String filename = SafeFilename.of(e.filename() == null ? e.itemId() : e.filename());
        String type = sniffer.sniff(bytes, filename);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        var sourceRef = new DocumentSource(e.connectorType(), e.connectorId(), e.itemId(), e.url(), e.modifiedAt());
        String source = json.writeValueAsString(sourceRef);
        UUID blobId = UUID.randomUUID();
        Optional<UUID> oldBlob = db.inTenant(tenant, c -> {
            var existing = Db.one(
                    c,
                    "select " + DocumentStore.COLUMNS + " from documents where tenant_id = ? and id = ? for update",
                    DocumentStore::map,
                    tenant,
                    e.documentId());
            if (existing.isPresent() && existing.get().sha256().equals(sha)) {
                return Optional.<UUID>empty(); // the same bytes again (a redelivered record): nothing changes
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
