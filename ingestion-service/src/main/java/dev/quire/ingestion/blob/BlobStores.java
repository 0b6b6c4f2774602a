package dev.quire.ingestion.blob;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the blob store from {@code quire.blobs.store} once at start-up. */
@ApplicationScoped
public class BlobStores {
    @Produces
    @ApplicationScoped
    BlobStore blobStore(BlobConfig config, Db db) {
        return switch (config.store()) {
            case "postgres" -> new PostgresBlobStore(db);
            case "s3" -> {
                var s3 = config.s3();
                var client = new S3Client(
                        s3.endpoint()
                                .orElseThrow(() -> new IllegalStateException("quire.blobs.s3.endpoint is required")),
                        s3.region(),
                        s3.accessKey()
                                .orElseThrow(() -> new IllegalStateException("quire.blobs.s3.access-key is required")),
                        s3.secretKey()
                                .orElseThrow(() -> new IllegalStateException("quire.blobs.s3.secret-key is required")),
                        s3.timeout());
                if (s3.createBucket()) {
                    client.createBucket(s3.bucket());
                }
                yield new S3BlobStore(db, client, s3.bucket());
            }
            default -> throw new IllegalStateException(
                    "quire.blobs.store must be postgres or s3, not " + config.store());
        };
    }
}
