package dev.quire.connector.staging;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * Item bytes too large for a {@code connector.item} record, kept until ingestion fetched them (docs/CONNECTORS.md,
 * "How bytes travel"): staged in the transaction that sends the record, so a record never names missing bytes.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class StagedStore {
    private final Db db;

    public void put(Connection c, UUID tenantId, UUID connectorId, UUID id, byte[] bytes) throws SQLException {
        Db.update(
                c,
                "insert into staged_content(id, tenant_id, connector_id, bytes) values (?, ?, ?, ?)",
                id,
                tenantId,
                connectorId,
                bytes);
    }

    public Optional<byte[]> get(UUID tenantId, UUID id) {
        return db.inTenant(
                tenantId,
                c -> Db.one(
                        c,
                        "select bytes from staged_content where tenant_id = ? and id = ?",
                        rs -> rs.getBytes(1),
                        tenantId,
                        id));
    }

    public boolean delete(UUID tenantId, UUID id) {
        return db.inTenant(
                        tenantId,
                        c -> Db.update(c, "delete from staged_content where tenant_id = ? and id = ?", tenantId, id))
                > 0;
    }

    /** Drops staged bytes nobody fetched within {@code age} (their record was dead-lettered, or its knowledge base went). */
    public int expire(Duration age) {
        return db.tx(c -> {
            try (var ps = c.prepareStatement("select set_config('app.connector_queue', 'on', true)")) {
                ps.execute();
            }
            return Db.update(
                    c, "delete from staged_content where created_at < now() - make_interval(secs => ?)", (double)
                            age.toSeconds());
        });
    }
}
