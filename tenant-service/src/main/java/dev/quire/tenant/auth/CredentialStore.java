package dev.quire.tenant.auth;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Refresh tokens, stored only as SHA-256 hashes of their secrets (API keys are on Hibernate Reactive: apikey/ApiKeys). */
@ApplicationScoped
public class CredentialStore {
    /** The state of a presented refresh token. */
    public record RefreshRow(
            UUID id, UUID familyId, UUID userId, Instant expiresAt, Instant usedAt, Instant revokedAt) {}

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
}
