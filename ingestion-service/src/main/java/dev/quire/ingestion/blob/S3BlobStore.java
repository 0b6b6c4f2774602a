package dev.quire.ingestion.blob;

import dev.quire.platform.db.Db;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Bytes as objects {@code tenants/<tenantId>/<blobId>} in an S3 bucket; the {@code blobs} row (without data) keeps
 * the tenant wall and the documents' foreign key, so a blob is only ever read after its row is found in the tenant.
 */
public class S3BlobStore implements BlobStore {
    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);
    /** S3's smallest part (all but the last). */
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final Db db;
    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final int partSize;

    public S3BlobStore(Db db, S3Client s3, String bucket, long multipartThreshold, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalStateException("quire.blobs.s3.part-size must be at least 5M (S3's smallest part)");
        }
        this.db = db;
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    /** The store the configuration describes, its bucket created first when asked to. */
    public static S3BlobStore open(Db db, BlobConfig.S3 config) {
        S3Client s3 = S3Clients.build(config);
        if (config.createBucket()) {
            createBucket(s3, config.bucket());
        }
        return new S3BlobStore(
                db,
                s3,
                config.bucket(),
                config.multipartThreshold().asLongValue(),
                Math.toIntExact(config.partSize().asLongValue()));
    }

    /** Creates the bucket; one that already exists and is ours is fine. */
    static void createBucket(S3Client s3, String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // already there
        } catch (S3Exception e) {
            // some S3-compatible servers answer a plain 409 instead of the typed error
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    static String key(UUID tenantId, UUID blobId) {
        return "tenants/" + tenantId + "/" + blobId;
    }

    /** The object goes first: if the transaction then rolls back, an unreferenced object remains (never a dangling row). */
    @Override
    public void put(Connection c, UUID tenantId, UUID blobId, byte[] bytes) throws SQLException {
        String key = key(tenantId, blobId);
        if (bytes.length > multipartThreshold) {
            putInParts(key, bytes);
        } else {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        }
        Db.update(
                c,
                "insert into blobs(id, tenant_id, size_bytes, data, store) values (?, ?, ?, null, 's3')",
                blobId,
                tenantId,
                (long) bytes.length);
    }

    /** A multipart upload: each part is its own request, retried on its own; a failed upload is aborted. */
    private void putInParts(String key, byte[] bytes) {
        String uploadId =
                s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (int offset = 0, number = 1; offset < bytes.length; offset += partSize, number++) {
                int length = Math.min(partSize, bytes.length - offset);
                int n = number;
                String etag = s3.uploadPart(
                                b -> b.bucket(bucket)
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(n),
                                RequestBody.fromRemainingByteBuffer(ByteBuffer.wrap(bytes, offset, length)))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    @Override
    public byte[] get(UUID tenantId, UUID blobId) {
        boolean mine = db.inTenant(tenantId, c -> Db.one(
                        c, "select 1 from blobs where tenant_id = ? and id = ?", rs -> true, tenantId, blobId)
                .isPresent());
        if (!mine) {
            return null;
        }
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(tenantId, blobId)))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
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
                s3.deleteObject(b -> b.bucket(bucket).key(key(tenantId, id)));
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
