package dev.quire.ingestion.document;

import dev.quire.contracts.DocumentStatus;
import dev.quire.ingestion.blob.BlobStore;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * Documents, their original bytes and their status, always within one tenant. One class because every method reads
 * or writes rows of the {@code documents} table by tenant, sharing its column list and row mapper (which
 * {@link DocumentQueries} reuses), and every status move passes {@code DocumentStatus.canMoveTo} under one row lock.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class DocumentStore {
    /** A document row; {@code version} and {@code status} describe its newest version. */
    public record Document(
            UUID id,
            UUID tenantId,
            UUID knowledgeBaseId,
            String filename,
            String contentType,
            long sizeBytes,
            String sha256,
            List<String> tags,
            String sourceJson,
            UUID blobId,
            int version,
            DocumentStatus status,
            String error,
            Integer chunkCount,
            Instant createdAt,
            Instant indexedAt) {}

    /** What an upload inserts. */
    public record NewDocument(
            UUID id,
            UUID knowledgeBaseId,
            String filename,
            String contentType,
            byte[] bytes,
            String sha256,
            List<String> tags,
            String sourceJson) {}

    static final String COLUMNS = "id, tenant_id, knowledge_base_id, filename, content_type, size_bytes,"
            + " sha256, tags, source::text, blob_id, version, status, error, chunk_count, created_at, indexed_at";

    private final Db db;
    private final BlobStore blobs;

    /** Inserts the document (QUEUED, version 1) on the caller's connection, so the outbox row joins in. */
    public void insert(Connection c, UUID tenantId, NewDocument d, UUID blobId) throws SQLException {
        Db.update(
                c,
                "insert into documents(id, tenant_id, knowledge_base_id, filename,"
                        + " content_type, size_bytes, sha256, tags, source, blob_id, status)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'QUEUED')",
                d.id(),
                tenantId,
                d.knowledgeBaseId(),
                d.filename(),
                d.contentType(),
                (long) d.bytes().length,
                d.sha256(),
                new Db.SqlArray("text", d.tags()),
                d.sourceJson(),
                blobId);
    }

    public Optional<Document> findBySha(Connection c, UUID tenantId, UUID kbId, String sha) throws SQLException {
        return Db.one(
                c,
                "select " + COLUMNS + " from documents where tenant_id = ?"
                        + " and knowledge_base_id = ? and sha256 = ? and status <> 'DELETING' limit 1",
                DocumentStore::map,
                tenantId,
                kbId,
                sha);
    }

    public Optional<Document> find(UUID tenantId, UUID id) {
        return db.inTenant(
                tenantId,
                c -> Db.one(
                        c,
                        "select " + COLUMNS + " from documents where tenant_id = ? and id = ?",
                        DocumentStore::map,
                        tenantId,
                        id));
    }

    /** The newest documents of a knowledge base, optionally only those in {@code status} (null: all). */
    public List<Document> list(UUID tenantId, UUID kbId, String status, int limit) {
        return db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select " + COLUMNS + " from documents where tenant_id = ?"
                                + " and knowledge_base_id = ? and (?::text is null or status = ?)"
                                + " order by created_at desc limit ?",
                        DocumentStore::map,
                        tenantId,
                        kbId,
                        status,
                        status,
                        limit));
    }

    /** What a delete removed: the document's knowledge base, newest version and blob (deleted after commit). */
    public record Deleted(UUID knowledgeBaseId, int version, UUID blobId) {}

    /** Deletes a document on the caller's connection; empty when the tenant has no such document. */
    public Optional<Deleted> delete(Connection c, UUID tenantId, UUID id) throws SQLException {
        return Db.one(
                c,
                "delete from documents where tenant_id = ? and id = ?"
                        + " returning knowledge_base_id, version, blob_id",
                rs -> new Deleted(rs.getObject(1, UUID.class), rs.getInt(2), rs.getObject(3, UUID.class)),
                tenantId,
                id);
    }

    /** The original bytes of a document, from the configured {@link BlobStore}; null when missing. */
    public byte[] blob(UUID tenantId, UUID blobId) {
        return blobs.get(tenantId, blobId);
    }

    /**
     * Moves a version's status forward; returns false (and changes nothing) when the document is gone, on another
     * version, or already at or past {@code next}.
     */
    public boolean advance(UUID tenantId, UUID id, int version, DocumentStatus next, String error, Integer chunkCount) {
        return db.inTenant(tenantId, c -> {
            Optional<DocumentStatus> current = Db.one(
                    c,
                    "select status from documents where tenant_id = ? and id = ? and version = ? for update",
                    rs -> DocumentStatus.valueOf(rs.getString(1)),
                    tenantId,
                    id,
                    version);
            if (current.isEmpty()) {
                return false;
            }
            if (!current.get().canMoveTo(next)) {
                return false;
            }
            Db.update(
                    c,
                    "update documents set status = ?, error = ?,"
                            + " chunk_count = coalesce(?, chunk_count),"
                            + " indexed_at = case when ? = 'INDEXED' then now() else indexed_at end"
                            + " where tenant_id = ? and id = ?",
                    next.name(),
                    error,
                    chunkCount,
                    next.name(),
                    tenantId,
                    id);
            return true;
        });
    }

    /** Whether a worker may (re)start this version: it is still the newest and not finished. */
    public boolean startable(UUID tenantId, UUID id, int version) {
        return find(tenantId, id)
                .map(d -> d.version() == version
                        && (d.status() == DocumentStatus.QUEUED
                                || d.status() == DocumentStatus.PARSING
                                || d.status() == DocumentStatus.EMBEDDING
                                // a worker killed while publishing leaves INDEXING: its successor re-sends
                                || d.status() == DocumentStatus.INDEXING))
                .orElse(false);
    }

    public void saveText(UUID tenantId, UUID id, String text) {
        db.inTenant(
                tenantId,
                c -> Db.update(
                        c,
                        "update documents set extracted_text = ? where tenant_id = ? and id = ?",
                        text,
                        tenantId,
                        id));
    }

    static Document map(ResultSet rs) throws SQLException {
        Timestamp indexed = rs.getTimestamp(16);
        return new Document(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getString(7),
                Arrays.asList((String[]) rs.getArray(8).getArray()),
                rs.getString(9),
                rs.getObject(10, UUID.class),
                rs.getInt(11),
                DocumentStatus.valueOf(rs.getString(12)),
                rs.getString(13),
                (Integer) rs.getObject(14),
                rs.getTimestamp(15).toInstant(),
                indexed == null ? null : indexed.toInstant());
    }
}
