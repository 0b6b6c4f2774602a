package dev.quire.ingestion.blob;

import dev.quire.platform.db.Db;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Bytes as objects {@code tenants/<tenantId>/<blobId>} in an S3 bucket; the {@code blobs} row (without data) keeps
 * the tenant wall and the documents' foreign key, so a blob is only ever read after its row is found in the tenant.
 */
public class S3BlobStore implements BlobStore {
    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);

    private final Db db;
    private final S3Client s3;
    private final String bucket;

    public S3BlobStore(Db db, S3Client s3, String bucket) {
        this.db = db;
        this.s3 = s3;
        this.bucket = bucket;
    }

    static String key(UUID tenantId, UUID blobId) {
        return "tenants/" + tenantId + "/" + blobId;
    }

    /** The object goes first: if the transaction then rolls back, an unreferenced object remains (never a dangling row). */
    @Override
    public void put(Connection c, UUID tenantId, UUID blobId, byte[] bytes) throws SQLException {
        s3.put(bucket, key(tenantId, blobId), bytes);
        try (var ps = c.prepareStatement(
                "insert into blobs(id, tenant_id, size_bytes, data, store) values (?, ?, ?, null, 's3')")) {
            ps.setObject(1, blobId);
            ps.setObject(2, tenantId);
            ps.setLong(3, bytes.length);
            ps.executeUpdate();
        }
    }

    @Override
    public byte[] get(UUID tenantId, UUID blobId) {
        boolean mine = db.inTenant(tenantId, c -> {
            try (var ps = c.prepareStatement("select 1 from blobs where tenant_id = ? and id = ?")) {
                ps.setObject(1, tenantId);
                ps.setObject(2, blobId);
                try (var rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        return mine ? s3.get(bucket, key(tenantId, blobId)) : null;
    }

    @Override
    public void delete(UUID tenantId, Collection<UUID> blobIds) {
        if (blobIds.isEmpty()) {
            return;
        }
        var gone = new ArrayList<UUID>();
        db.inTenant(tenantId, c -> {
            try (var ps = c.prepareStatement("delete from blobs where tenant_id = ? and id = any(?) returning id")) {
                ps.setObject(1, tenantId);
                ps.setArray(2, c.createArrayOf("uuid", blobIds.toArray()));
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        gone.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return null;
        });
        for (UUID id : gone) {
            try {
                s3.delete(bucket, key(tenantId, id));
            } catch (RuntimeException e) {
                // the row is gone, so nothing can read the object again; it only costs storage
                LOG.warnf("could not delete object %s: %s", key(tenantId, id), e.getMessage());
            }
        }
    }

    @Override
    public String kind() {
        return "s3";
    }
}
