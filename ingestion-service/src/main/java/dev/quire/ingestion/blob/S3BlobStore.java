package dev.quire.ingestion.blob;

import dev.quire.platform.db.Db;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
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
        Db.update(
                c,
                "insert into blobs(id, tenant_id, size_bytes, data, store) values (?, ?, ?, null, 's3')",
                blobId,
                tenantId,
                (long) bytes.length);
    }

    @Override
    public byte[] get(UUID tenantId, UUID blobId) {
        boolean mine = db.inTenant(tenantId, c -> Db.one(
                        c, "select 1 from blobs where tenant_id = ? and id = ?", rs -> true, tenantId, blobId)
                .isPresent());
        return mine ? s3.get(bucket, key(tenantId, blobId)) : null;
    }

    @Override
    public void delete(UUID tenantId, Collection<UUID> blobIds) {
        if (blobIds.isEmpty()) {
            return;
        }
        List<UUID> gone = db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "delete from blobs where tenant_id = ? and id = any(?) returning id",
                        rs -> rs.getObject(1, UUID.class),
                        tenantId,
                        new Db.SqlArray("uuid", blobIds)));
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
