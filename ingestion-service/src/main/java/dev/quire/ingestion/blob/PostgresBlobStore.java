package dev.quire.ingestion.blob;

import dev.quire.platform.db.Db;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Bytes in the {@code blobs} table: one database to back up, fine for modest volumes. */
@RequiredArgsConstructor
public class PostgresBlobStore implements BlobStore {
    private final Db db;

    @Override
    public void put(Connection c, UUID tenantId, UUID blobId, byte[] bytes) throws SQLException {
        Db.update(
                c,
                "insert into blobs(id, tenant_id, size_bytes, data, store) values (?, ?, ?, ?, 'postgres')",
                blobId,
                tenantId,
                (long) bytes.length,
                bytes);
    }

    @Override
    public byte[] get(UUID tenantId, UUID blobId) {
        // a list, not Db.one: a row whose data is null (an S3 blob) reads as null, not as an error
        List<byte[]> rows = db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select data from blobs where tenant_id = ? and id = ?",
                        rs -> rs.getBytes(1),
                        tenantId,
                        blobId));
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public void delete(UUID tenantId, Collection<UUID> blobIds) {
        if (blobIds.isEmpty()) {
            return;
        }
        db.inTenant(
                tenantId,
                c -> Db.update(
                        c,
                        "delete from blobs where tenant_id = ? and id = any(?)",
                        tenantId,
                        new Db.SqlArray("uuid", blobIds)));
    }

    @Override
    public String kind() {
        return "postgres";
    }
}
