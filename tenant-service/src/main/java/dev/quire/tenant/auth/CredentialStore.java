package dev.quire.tenant.auth;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Refresh tokens and API keys; both are stored only as SHA-256 hashes of their secrets. */
@ApplicationScoped
public class CredentialStore {
    /** The state of a presented refresh token. */
    public record RefreshRow(
            UUID id, UUID familyId, UUID userId, Instant expiresAt, Instant usedAt, Instant revokedAt) {}

    /** An API key; {@code kbIds} null means every knowledge base. */
    public record ApiKeyRow(
            UUID id,
            UUID tenantId,
            UUID userId,
            String name,
            String prefix,
            List<String> scopes,
            List<String> kbIds,
            Instant createdAt,
            Instant lastUsedAt,
            Instant revokedAt) {}

    public void addRefresh(
            Connection c, UUID id, UUID familyId, UUID userId, UUID tenantId, String hash, Instant expiresAt)
            throws SQLException {
        Db.update(
                c,
                "insert into refresh_tokens(id, family_id, user_id, tenant_id, token_hash, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?)",
                id,
                familyId,
                userId,
                tenantId,
                hash,
                expiresAt);
    }

    public Optional<RefreshRow> refreshByHash(Connection c, String hash) throws SQLException {
        return Db.one(
                c,
                "select * from refresh_tokens where token_hash = ? for update",
                rs -> new RefreshRow(
                        Db.uuid(rs, "id"),
                        Db.uuid(rs, "family_id"),
                        Db.uuid(rs, "user_id"),
                        Db.instant(rs, "expires_at"),
                        Db.instant(rs, "used_at"),
                        Db.instant(rs, "revoked_at")),
                hash);
    }

    public void markUsed(Connection c, UUID id) throws SQLException {
        Db.update(c, "update refresh_tokens set used_at = now() where id = ?", id);
    }

    public void revokeFamily(Connection c, UUID familyId) throws SQLException {
        Db.update(
                c, "update refresh_tokens set revoked_at = now() where family_id = ? and revoked_at is null", familyId);
    }

    public void revokeUserRefresh(Connection c, UUID userId) throws SQLException {
        Db.update(c, "update refresh_tokens set revoked_at = now() where user_id = ? and revoked_at is null", userId);
    }

    public void addKey(
            Connection c,
            UUID id,
            UUID tenantId,
            UUID userId,
            String name,
            String prefix,
            String hash,
            List<String> scopes,
            List<UUID> kbIds)
            throws SQLException {
        Db.update(
                c,
                "insert into api_keys(id, tenant_id, user_id, name, prefix, secret_hash, scopes, kb_ids)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                tenantId,
                userId,
                name,
                prefix,
                hash,
                new Db.SqlArray("text", scopes),
                kbIds == null ? null : new Db.SqlArray("uuid", kbIds));
    }

    public Optional<ApiKeyRow> keyByHash(Connection c, String hash) throws SQLException {
        return Db.one(c, "select * from api_keys where secret_hash = ?", CredentialStore::key, hash);
    }

    public Optional<ApiKeyRow> key(Connection c, UUID tenantId, UUID id) throws SQLException {
        return Db.one(c, "select * from api_keys where tenant_id = ? and id = ?", CredentialStore::key, tenantId, id);
    }

    /** Keys of a tenant (of one user when {@code userId} is given), oldest first after the cursor. */
    public List<ApiKeyRow> keys(Connection c, UUID tenantId, UUID userId, Instant afterTime, UUID afterId, int limit)
            throws SQLException {
        return Db.list(
                c,
                "select * from api_keys where tenant_id = ? and (?::uuid is null or user_id = ?::uuid)"
                        + " and (?::timestamptz is null or (created_at, id) > (?::timestamptz, ?::uuid))"
                        + " order by created_at, id limit ?",
                CredentialStore::key,
                tenantId,
                userId,
                userId,
                afterTime,
                afterTime,
                afterId,
                limit);
    }

    /** Live keys a user created (revoked when the user is deleted). */
    public List<UUID> liveKeysOf(Connection c, UUID userId) throws SQLException {
        return Db.list(
                c,
                "select id from api_keys where user_id = ? and revoked_at is null",
                rs -> rs.getObject(1, UUID.class),
                userId);
    }

    /** Revokes a live key; false when it was already revoked. */
    public boolean revokeKey(Connection c, UUID tenantId, UUID id) throws SQLException {
        return Db.update(
                        c,
                        "update api_keys set revoked_at = now() where tenant_id = ? and id = ? and revoked_at is null",
                        tenantId,
                        id)
                == 1;
    }

    /** Notes a use; writes at most once per ten seconds per key. */
    public void touchKey(Connection c, UUID id) throws SQLException {
        Db.update(
                c,
                "update api_keys set last_used_at = now() where id = ?"
                        + " and (last_used_at is null or last_used_at < now() - interval '10 seconds')",
                id);
    }

    private static ApiKeyRow key(ResultSet rs) throws SQLException {
        return new ApiKeyRow(
                Db.uuid(rs, "id"),
                Db.uuid(rs, "tenant_id"),
                Db.uuid(rs, "user_id"),
                rs.getString("name"),
                rs.getString("prefix"),
                Db.strings(rs, "scopes"),
                rs.getArray("kb_ids") == null ? null : Db.strings(rs, "kb_ids"),
                Db.instant(rs, "created_at"),
                Db.instant(rs, "last_used_at"),
                Db.instant(rs, "revoked_at"));
    }
}
