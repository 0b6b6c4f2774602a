package dev.quire.ingestion.document;

import dev.quire.platform.api.ApiException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A tenant's plan limits on stored documents and bytes (original files), checked in the upload's transaction under
 * a per-tenant lock so concurrent uploads, on any replica, cannot pass them together. Null limits: none given.
 */
public record StorageQuota(Integer maxDocuments, Long maxBytes) {
    public static final StorageQuota NONE = new StorageQuota(null, null);

    /** How long a refused upload is told to wait: nothing frees itself; deleting documents or a larger plan does. */
    static final int RETRY_AFTER_SECONDS = 3600;

    /**
     * From the claims of the gateway's signed token (never from headers a caller could set); a token without them
     * (a call inside the cluster) has no limit.
     */
    public static StorageQuota of(org.eclipse.microprofile.jwt.JsonWebToken jwt) {
        Integer docs = parse(jwt.getClaim(dev.quire.contracts.Claims.MAX_DOCUMENTS));
        Integer mb = parse(jwt.getClaim(dev.quire.contracts.Claims.MAX_STORAGE_MB));
        return new StorageQuota(docs, mb == null ? null : mb * 1024L * 1024L);
    }

    /** What the tenant stores; {@link #admit} counts on from here. */
    static final class Stored {
        private long documents;
        private long bytes;

        private Stored(long documents, long bytes) {
            this.documents = documents;
            this.bytes = bytes;
        }
    }

    /** Locks the tenant's uploads for this transaction and reads what it stores. */
    Stored lock(Connection c, UUID tenantId) throws SQLException {
        try (var lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "quota:" + tenantId);
            lock.execute();
        }
        if (maxDocuments == null && maxBytes == null) {
            return new Stored(0, 0);
        }
        try (var ps = c.prepareStatement(
                "select count(*), coalesce(sum(size_bytes), 0) from documents where tenant_id = ?")) {
            ps.setObject(1, tenantId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return new Stored(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** Counts one more document of {@code size} bytes, or refuses it (the whole upload rolls back). */
    void admit(Stored s, String filename, long size) {
        admit(s, filename, 1, size);
    }

    /**
     * Counts a new version replacing {@code oldSize} bytes with {@code newSize} (same document count), or refuses it:
     * a connector item's next version is held to the storage limit as an upload is.
     */
    void admitVersion(Stored s, String filename, long oldSize, long newSize) {
        admit(s, filename, 0, newSize - oldSize);
    }

    private void admit(Stored s, String filename, int documents, long size) {
        if (documents > 0 && maxDocuments != null && s.documents + documents > maxDocuments) {
            throw refused("this plan stores at most " + maxDocuments + " documents; " + filename
                    + " would be one more. Delete documents or move to a larger plan.");
        }
        if (size > 0 && maxBytes != null && s.bytes + size > maxBytes) {
            throw refused("this plan stores at most " + maxBytes / (1024 * 1024) + " MB of files; " + filename
                    + " would take it to " + (s.bytes + size + 1024 * 1024 - 1) / (1024 * 1024)
                    + " MB. Delete documents or move to a larger plan.");
        }
        s.documents += documents;
        s.bytes += size;
    }

    private static ApiException refused(String detail) {
        return new ApiException(429, "quota_exceeded", detail, RETRY_AFTER_SECONDS);
    }

    private static Integer parse(Object claim) {
        if (claim instanceof jakarta.json.JsonNumber n) {
            return Math.max(0, n.intValue());
        }
        if (claim instanceof Number n) {
            return Math.max(0, n.intValue());
        }
        return null;
    }
}
