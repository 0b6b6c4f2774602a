package dev.quire.tenant.user;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Users of the tenants, with their tenant's plan and status joined in for sign-in. */
@ApplicationScoped
public class UserStore {
    /** A user and what sign-in needs of its tenant; {@code passwordHash} is null until an invitation is accepted. */
    public record UserRow(
            UUID id,
            UUID tenantId,
            String email,
            String passwordHash,
            String role,
            String plan,
            String tenantStatus,
            boolean invited,
            Instant createdAt) {}

    /** Thrown when the email is already taken in that tenant (emails are unique per tenant only). */
    public static class EmailTaken extends RuntimeException {}

    private static final String SELECT = "select u.id, u.tenant_id, u.email, u.password_hash, u.role, t.plan,"
            + " t.status, u.invitation_hash is not null as invited, u.created_at from users u"
            + " join tenants t on t.id = u.tenant_id";

    public void insert(
            Connection c,
            UUID id,
            UUID tenantId,
            String email,
            String passwordHash,
            String role,
            String invitationHash,
            Instant invitationExpires)
            throws SQLException {
        int n = Db.update(
                c,
                "insert into users(id, tenant_id, email, password_hash, role, invitation_hash, invitation_expires_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, email) do nothing",
                id,
                tenantId,
                email,
                passwordHash,
                role,
                invitationHash,
                invitationExpires);
        if (n == 0) {
            throw new EmailTaken();
        }
    }

    /** The oldest account of this email (an email may have one account in each tenant). */
    public Optional<UserRow> byEmail(Connection c, String email) throws SQLException {
        return Db.one(c, SELECT + " where u.email = ? order by u.created_at, u.id limit 1", UserStore::row, email);
    }

    /** The accounts of this email, oldest first, at most {@code limit}. */
    public List<UserRow> allByEmail(Connection c, String email, int limit) throws SQLException {
        return Db.list(
                c, SELECT + " where u.email = ? order by u.created_at, u.id limit ?", UserStore::row, email, limit);
    }

    /** The account of this email in one tenant. */
    public Optional<UserRow> byEmailInTenant(Connection c, UUID tenantId, String email) throws SQLException {
        return Db.one(c, SELECT + " where u.tenant_id = ? and u.email = ?", UserStore::row, tenantId, email);
    }

    /** The account of this email with this role (the platform operator's), if any. */
    public Optional<UserRow> byEmailAndRole(Connection c, String email, String role) throws SQLException {
        return Db.one(
                c,
                SELECT + " where u.email = ? and u.role = ? order by u.created_at, u.id limit 1",
                UserStore::row,
                email,
                role);
    }

    public Optional<UserRow> byId(Connection c, UUID id) throws SQLException {
        return Db.one(c, SELECT + " where u.id = ?", UserStore::row, id);
    }

    /** A user of this tenant only; another tenant's user is absent. */
    public Optional<UserRow> inTenant(Connection c, UUID tenantId, UUID id) throws SQLException {
        return Db.one(c, SELECT + " where u.tenant_id = ? and u.id = ?", UserStore::row, tenantId, id);
    }

    public Optional<UserRow> byExternalSubject(Connection c, String subject) throws SQLException {
        return Db.one(c, SELECT + " where u.external_subject = ?", UserStore::row, subject);
    }

    /** An unexpired invitation by the hash of its token. */
    public Optional<UserRow> byInvitation(Connection c, String hash) throws SQLException {
        return Db.one(
                c,
                SELECT + " where u.invitation_hash = ? and u.invitation_expires_at > now() for update of u",
                UserStore::row,
                hash);
    }

    public List<UserRow> list(Connection c, UUID tenantId, Instant afterTime, UUID afterId, int limit)
            throws SQLException {
        return Db.list(
                c,
                SELECT + " where u.tenant_id = ?"
                        + " and (?::timestamptz is null or (u.created_at, u.id) > (?::timestamptz, ?::uuid))"
                        + " order by u.created_at, u.id limit ?",
                UserStore::row,
                tenantId,
                afterTime,
                afterTime,
                afterId,
                limit);
    }

    /** Locks the tenant's owners (so two concurrent demotions cannot remove the last one) and counts them. */
    public int lockOwners(Connection c, UUID tenantId) throws SQLException {
        return Db.list(
                        c,
                        "select id from users where tenant_id = ? and role = 'owner' for update",
                        rs -> rs.getObject(1),
                        tenantId)
                .size();
    }

    public void setRole(Connection c, UUID tenantId, UUID id, String role) throws SQLException {
        Db.update(c, "update users set role = ? where tenant_id = ? and id = ?", role, tenantId, id);
    }

    public void delete(Connection c, UUID tenantId, UUID id) throws SQLException {
        Db.update(c, "delete from users where tenant_id = ? and id = ?", tenantId, id);
    }

    public void setPassword(Connection c, UUID id, String hash) throws SQLException {
        Db.update(
                c,
                "update users set password_hash = ?, invitation_hash = null, invitation_expires_at = null where id = ?",
                hash,
                id);
    }

    public void setExternalSubject(Connection c, UUID id, String subject) throws SQLException {
        Db.update(c, "update users set external_subject = ? where id = ?", subject, id);
    }

    private static UserRow row(ResultSet rs) throws SQLException {
        return new UserRow(
                Db.uuid(rs, "id"),
                Db.uuid(rs, "tenant_id"),
                rs.getString("email"),
                rs.getString("password_hash"),
                rs.getString("role"),
                rs.getString("plan"),
                rs.getString("status"),
                rs.getBoolean("invited"),
                Db.instant(rs, "created_at"));
    }
}
