package dev.quire.tenant.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Tenants, plans and users in the {@code tenant} schema. */
@ApplicationScoped
public class TenantStore {
    /** A user as sign-in needs it. */
    public record UserRow(
            UUID id, UUID tenantId, String email, String passwordHash, String role, String plan, String tenantStatus) {}

    /** A tenant with its plan's limits as JSON text. */
    public record TenantRow(UUID id, String name, String plan, String status, String limitsJson) {}

    /** Thrown when the email is already taken. */
    public static class EmailTaken extends RuntimeException {}

    private final DataSource db;

    public TenantStore(DataSource db) {
        this.db = db;
    }

    public boolean selfServePlan(String plan) {
        return query("select 1 from plans where id = ? and self_serve", plan) != null;
    }

    /** Creates a tenant and its first owner in one transaction. */
    public void createTenantWithOwner(
            UUID tenantId, String name, String plan, UUID userId, String email, String passwordHash) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (var t = c.prepareStatement("insert into tenants(id, name, plan) values (?, ?, ?)");
                    var u = c.prepareStatement("insert into users(id, tenant_id, email, password_hash, role)"
                            + " values (?, ?, ?, ?, 'owner') on conflict (email) do nothing")) {
                t.setObject(1, tenantId);
                t.setString(2, name);
                t.setString(3, plan);
                t.executeUpdate();
                u.setObject(1, userId);
                u.setObject(2, tenantId);
                u.setString(3, email);
                u.setString(4, passwordHash);
                if (u.executeUpdate() == 0) {
                    c.rollback();
                    throw new EmailTaken();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<UserRow> userByEmail(String email) {
        try (Connection c = db.getConnection();
                var ps = c.prepareStatement("select u.id, u.tenant_id, u.email, u.password_hash, u.role, t.plan,"
                        + " t.status from users u join tenants t on t.id = u.tenant_id where u.email = ?")) {
            ps.setString(1, email);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new UserRow(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<TenantRow> tenant(UUID id) {
        try (Connection c = db.getConnection();
                var ps = c.prepareStatement("select t.id, t.name, t.plan, t.status, p.limits::text from tenants t"
                        + " join plans p on p.id = t.plan where t.id = ?")) {
            ps.setObject(1, id);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new TenantRow(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object query(String sql, String arg) {
        try (Connection c = db.getConnection();
                var ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
