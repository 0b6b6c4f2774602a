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
            case "s3" -> S3BlobStore.open(db, config.s3());
            default -> throw new IllegalStateException(
                    "quire.blobs.store must be postgres or s3, not " + config.store());
        };
    }
}
