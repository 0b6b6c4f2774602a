package dev.quire.connector.connector;

import dev.quire.connector.crypto.CredentialCipher;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Connector rows of one tenant, on the caller's transaction; the sealed credentials never leave as text. */
@ApplicationScoped
public class ConnectorStore {
    /** A connector row; {@code credentials} is the sealed value (null: none stored). */
    public record Row(
            UUID id,
            UUID tenantId,
            String type,
            String name,
            UUID knowledgeBaseId,
            String configJson,
            CredentialCipher.Sealed credentials,
            Integer intervalMinutes,
            boolean paused,
            int consecutiveFailures,
            Instant createdAt,
            Instant updatedAt) {}

    private static final String COLUMNS = "id, tenant_id, type, name, knowledge_base_id, config::text,"
            + " credentials_encrypted, credentials_key_version, interval_minutes, paused, consecutive_failures,"
            + " created_at, updated_at";

    public Optional<Row> find(Connection c, UUID tenantId, UUID id) throws SQLException {
        return Db.one(
                c,
                "select " + COLUMNS + " from connectors where tenant_id = ? and id = ?",
                ConnectorStore::map,
                tenantId,
                id);
    }

    public List<Row> list(Connection c, UUID tenantId) throws SQLException {
        return Db.list(
                c,
                "select " + COLUMNS + " from connectors where tenant_id = ? order by created_at, id",
                ConnectorStore::map,
                tenantId);
    }

    /** Counts the tenant's connectors under a per-tenant transaction lock, so two creates cannot pass a limit together. */
    public int lockAndCount(Connection c, UUID tenantId) throws SQLException {
        try (var lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "connectors:" + tenantId);
            lock.execute();
        }
        return Db.one(c, "select count(*) from connectors where tenant_id = ?", rs -> rs.getInt(1), tenantId)
                .orElse(0);
    }

    public boolean nameTaken(Connection c, UUID tenantId, String name, UUID except) throws SQLException {
        return Db.one(
                        c,
                        "select 1 from connectors where tenant_id = ? and lower(name) = lower(?) and id <> ?",
                        rs -> 1,
                        tenantId,
                        name,
                        except)
                .isPresent();
    }

    public void insert(Connection c, Row r) throws SQLException {
        Db.update(
                c,
                "insert into connectors(id, tenant_id, type, name, knowledge_base_id, config, credentials_encrypted,"
                        + " credentials_key_version, interval_minutes, paused)"
                        + " values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)",
                r.id(),
                r.tenantId(),
                r.type(),
                r.name(),
                r.knowledgeBaseId(),
                r.configJson(),
                r.credentials().bytes(),
                r.credentials().keyVersion(),
                r.intervalMinutes(),
                r.paused());
    }

    public void update(Connection c, Row r) throws SQLException {
        Db.update(
                c,
                "update connectors set name = ?, config = ?::jsonb, credentials_encrypted = ?,"
                        + " credentials_key_version = ?, interval_minutes = ?, paused = ?, updated_at = now()"
                        + " where tenant_id = ? and id = ?",
                r.name(),
                r.configJson(),
                r.credentials().bytes(),
                r.credentials().keyVersion(),
                r.intervalMinutes(),
                r.paused(),
                r.tenantId(),
                r.id());
    }

    public boolean delete(Connection c, UUID tenantId, UUID id) throws SQLException {
        return Db.update(c, "delete from connectors where tenant_id = ? and id = ?", tenantId, id) > 0;
    }

    /** Writes the connector's schedule row (the runner reads schedules across tenants); null interval: none. */
    public void schedule(Connection c, UUID tenantId, UUID id, Integer intervalMinutes, boolean paused)
            throws SQLException {
        Db.update(c, "delete from schedules where tenant_id = ? and connector_id = ?", tenantId, id);
        if (intervalMinutes != null && !paused) {
            Db.update(
                    c,
                    "insert into schedules(connector_id, tenant_id, interval_minutes, next_at)"
                            + " values (?, ?, ?, now() + make_interval(mins => ?))",
                    id,
                    tenantId,
                    intervalMinutes,
                    intervalMinutes);
        }
    }

    static Row map(ResultSet rs) throws SQLException {
        byte[] sealed = rs.getBytes(7);
        return new Row(
                Db.uuid(rs, "id"),
                Db.uuid(rs, "tenant_id"),
                rs.getString(3),
                rs.getString(4),
                Db.uuid(rs, "knowledge_base_id"),
                rs.getString(6),
                sealed == null ? null : new CredentialCipher.Sealed(sealed, rs.getInt(8)),
                (Integer) rs.getObject(9),
                rs.getBoolean(10),
                rs.getInt(11),
                Db.instant(rs, "created_at"),
                Db.instant(rs, "updated_at"));
    }
}
