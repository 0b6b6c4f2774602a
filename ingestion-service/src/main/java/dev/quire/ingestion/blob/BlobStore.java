package dev.quire.ingestion.blob;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/** The original bytes of documents, per tenant; every blob also has a row in {@code blobs} (documents refer to it). */
public interface BlobStore {
    /** Stores bytes under {@code blobId} and writes its row on the caller's transaction. */
    void put(Connection c, UUID tenantId, UUID blobId, byte[] bytes) throws SQLException;

    /** The bytes, or null when the tenant has no such blob. */
    byte[] get(UUID tenantId, UUID blobId);

    /** Removes blobs whose documents are gone; called after the deleting transaction committed. */
    void delete(UUID tenantId, Collection<UUID> blobIds);

    /** {@code postgres} or {@code s3}, as stored in {@code blobs.store}. */
    String kind();
}
