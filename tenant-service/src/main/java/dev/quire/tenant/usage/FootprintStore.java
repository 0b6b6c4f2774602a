package dev.quire.tenant.usage;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * What each document of a tenant counts for in the usage ledger: its newest version's original bytes, or a tombstone
 * once deleted. The changes it reports are what the ledger adds; the transaction must be scoped to the tenant.
 */
@ApplicationScoped
public class FootprintStore {
    /** A change to the tenant's stored documents and bytes. */
    public record Change(long added, long deleted, long bytes) {
        static final Change NONE = new Change(0, 0, 0);

        public boolean none() {
            return added == 0 && deleted == 0 && bytes == 0;
        }
    }

    private record Row(int version, long sizeBytes, boolean deleted) {}

    /**
     * A document version was accepted: a new document adds itself, a newer version replaces the size it counted;
     * an older or repeated version, a deleted document or one of a deleted knowledge base changes nothing.
     */
    public Change requested(Connection c, UUID tenantId, UUID documentId, UUID kbId, int version, long sizeBytes)
            throws SQLException {
        if (kbId != null
                && Db.one(
                                c,
                                "select 1 from deleted_knowledge_bases where tenant_id = ? and knowledge_base_id = ?",
                                rs -> 1,
                                tenantId,
                                kbId)
                        .isPresent()) {
            return Change.NONE;
        }
        Optional<Row> row = find(c, tenantId, documentId);
        if (row.isEmpty()) {
            insert(c, tenantId, documentId, kbId, version, sizeBytes, false);
            return new Change(1, 0, sizeBytes);
        }
        Row r = row.get();
        if (r.deleted() || version <= r.version()) {
            return Change.NONE;
        }
        Db.update(
                c,
                "update document_footprint set version = ?, size_bytes = ? where tenant_id = ? and document_id = ?",
                version,
                sizeBytes,
                tenantId,
                documentId);
        return new Change(0, 0, sizeBytes - r.sizeBytes());
    }

    /** A document was deleted: it stops counting (a tombstone when it was never seen, so a late request adds nothing). */
    public Change documentDeleted(Connection c, UUID tenantId, UUID documentId, UUID kbId, int version)
            throws SQLException {
        Optional<Row> row = find(c, tenantId, documentId);
        if (row.isEmpty()) {
            insert(c, tenantId, documentId, kbId, version, 0, true);
            return Change.NONE;
        }
        if (row.get().deleted()) {
            return Change.NONE;
        }
        Db.update(
                c,
                "update document_footprint set deleted = true where tenant_id = ? and document_id = ?",
                tenantId,
                documentId);
        return new Change(0, 1, -row.get().sizeBytes());
    }

    /** A knowledge base was deleted: all its documents stop counting, and so does any request that arrives later. */
    public Change knowledgeBaseDeleted(Connection c, UUID tenantId, UUID kbId) throws SQLException {
        Db.update(
                c,
                "insert into deleted_knowledge_bases(tenant_id, knowledge_base_id) values (?, ?) on conflict do nothing",
                tenantId,
                kbId);
        return Db.one(
                        c,
                        "with gone as (update document_footprint set deleted = true where tenant_id = ?"
                                + " and knowledge_base_id = ? and not deleted returning size_bytes)"
                                + " select count(*) n, coalesce(sum(size_bytes), 0) b from gone",
                        rs -> new Change(0, rs.getLong("n"), -rs.getLong("b")),
                        tenantId,
                        kbId)
                .orElse(Change.NONE);
    }

    /** Adds the footprint row of a document not seen before. */
    private static void insert(
            Connection c, UUID tenantId, UUID documentId, UUID kbId, int version, long sizeBytes, boolean deleted)
            throws SQLException {
        Db.update(
                c,
                "insert into document_footprint(tenant_id, document_id, knowledge_base_id, version, size_bytes, deleted)"
                        + " values (?, ?, ?, ?, ?, ?)",
                tenantId,
                documentId,
                kbId,
                version,
                sizeBytes,
                deleted);
    }

    private static Optional<Row> find(Connection c, UUID tenantId, UUID documentId) throws SQLException {
        return Db.one(
                c,
                "select version, size_bytes, deleted from document_footprint where tenant_id = ? and document_id = ?"
                        + " for update",
                rs -> new Row(rs.getInt("version"), rs.getLong("size_bytes"), rs.getBoolean("deleted")),
                tenantId,
                documentId);
    }
}
