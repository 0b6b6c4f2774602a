package dev.quire.retrieval.store;

import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalInt;
import java.util.UUID;

/** Chunks with their embeddings, written idempotently and made live a whole version at a time. */
@ApplicationScoped
public class ChunkStore {
    private final Db db;

    public ChunkStore(Db db) {
        this.db = db;
    }

    /**
     * Upserts one batch; when it completes its version, makes that version live and drops older ones in the same
     * transaction. Returns the version's chunk count when it became complete, empty otherwise.
     */
    public OptionalInt storeBatch(DocumentChunked e) {
        return db.inTenant(e.tenantId(), c -> {
            if (tombstoned(c, e.tenantId(), e.documentId(), e.version())) {
                return OptionalInt.empty();
            }
            try (var ps = c.prepareStatement("insert into chunks(id, tenant_id, knowledge_base_id, document_id,"
                    + " version, idx, batch, filename, text, page, section, token_count, embedding)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::vector)"
                    + " on conflict (id) do update set text = excluded.text, embedding = excluded.embedding,"
                    + " page = excluded.page, section = excluded.section, batch = excluded.batch"
                    + " where chunks.tenant_id = excluded.tenant_id")) {
                for (ChunkPayload ch : e.chunks()) {
                    ps.setString(1, ch.chunkId());
                    ps.setObject(2, e.tenantId());
                    ps.setObject(3, e.knowledgeBaseId());
                    ps.setObject(4, e.documentId());
                    ps.setInt(5, e.version());
                    ps.setInt(6, ch.index());
                    ps.setInt(7, e.batch());
                    ps.setString(8, e.filename() == null ? "" : e.filename());
                    ps.setString(9, ch.text());
                    ps.setObject(10, ch.page());
                    ps.setString(11, ch.section());
                    ps.setInt(12, ch.tokenCount());
                    ps.setString(13, Vectors.literal(ch.embedding()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            int batches;
            int chunks;
            try (var ps = c.prepareStatement("select count(distinct batch), count(*) from chunks"
                    + " where tenant_id = ? and document_id = ? and version = ?")) {
                ps.setObject(1, e.tenantId());
                ps.setObject(2, e.documentId());
                ps.setInt(3, e.version());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    batches = rs.getInt(1);
                    chunks = rs.getInt(2);
                }
            }
            if (batches < e.batchCount()) {
                return OptionalInt.empty();
            }
            try (var del = c.prepareStatement(
                            "delete from chunks where tenant_id = ? and document_id = ? and version < ?");
                    var live = c.prepareStatement(
                            "update chunks set live = true where tenant_id = ? and document_id = ? and version = ?")) {
                for (var ps : new java.sql.PreparedStatement[] {del, live}) {
                    ps.setObject(1, e.tenantId());
                    ps.setObject(2, e.documentId());
                    ps.setInt(3, e.version());
                    ps.executeUpdate();
                }
            }
            return OptionalInt.of(chunks);
        });
    }

    private static boolean tombstoned(Connection c, UUID tenantId, UUID documentId, int version) throws SQLException {
        try (var ps = c.prepareStatement(
                "select 1 from tombstones where tenant_id = ? and document_id = ? and version >= ?")) {
            ps.setObject(1, tenantId);
            ps.setObject(2, documentId);
            ps.setInt(3, version);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
