package dev.quire.ingestion.blob;

import dev.quire.platform.db.Db;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/** Bytes in the {@code blobs} table: one database to back up, fine for modest volumes. */
public class PostgresBlobStore implements BlobStore {
    private final Db db;

    public PostgresBlobStore(Db db) {
        this.db = db;
    }

    @Override
    public void put(Connection c, UUID tenantId, UUID blobId, byte[] bytes) throws SQLException {
        try (var ps = c.prepareStatement(
                "insert into blobs(id, tenant_id, size_bytes, data, store) values (?, ?, ?, ?, 'postgres')")) {
            ps.setObject(1, blobId);
            ps.setObject(2, tenantId);
            ps.setLong(3, bytes.length);
            ps.setBytes(4, bytes);
            ps.executeUpdate();
        }
    }

    @Override
    public byte[] get(UUID tenantId, UUID blobId) {
        return db.inTenant(tenantId, c -> {
            try (var ps = c.prepareStatement("select data from blobs where tenant_id = ? and id = ?")) {
                ps.setObject(1, tenantId);
                ps.setObject(2, blobId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    @Override
    public void delete(UUID tenantId, Collection<UUID> blobIds) {
        if (blobIds.isEmpty()) {
            return;
        }
        db.inTenant(tenantId, c -> {
            try (var ps = c.prepareStatement("delete from blobs where tenant_id = ? and id = any(?)")) {
                ps.setObject(1, tenantId);
                ps.setArray(2, c.createArrayOf("uuid", blobIds.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public String kind() {
        return "postgres";
    }
}
