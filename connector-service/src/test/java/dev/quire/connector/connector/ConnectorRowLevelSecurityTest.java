package dev.quire.connector.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quire.connector.source.SaasApi;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.TenantWall;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Row-level security is the second wall behind the connector queries' own tenant filter: with that filter left out, a
 * Panache query under tenant A's wall sees, counts, changes and deletes none of tenant B's connectors, and a
 * plain-SQL query sees none of B's runs, while the same queries under B's wall find them (the positive control).
 */
@QuarkusTest
class ConnectorRowLevelSecurityTest {
    @Inject
    Connectors connectors;

    @Inject
    Db db;

    private final UUID tenantA = UUID.randomUUID();
    private final UUID tenantB = UUID.randomUUID();

    private static UUID connectorOf(UUID tenant, String name) {
        try (var api = new SaasApi(tenant)) {
            return UUID.fromString(api.create(
                    "s3",
                    name,
                    Map.of("region", "us-east-1", "bucket", "walled"),
                    Map.of("accessKeyId", "AKIAWALL", "secretAccessKey", "wall-secret")));
        }
    }

    @Test
    void anotherTenantsConnectorsAreInvisibleToAPanacheQueryWithoutTheTenantFilter() {
        String name = "Walled " + UUID.randomUUID();
        UUID id = connectorOf(tenantB, name);

        assertEquals(
                List.of(),
                TenantWall.under(tenantA, s -> connectors.find("name", name).list()));
        assertEquals(0L, TenantWall.<Long>under(tenantA, s -> connectors.count("id", id)));
        assertEquals(0, TenantWall.<Integer>under(tenantA, s -> connectors.update("paused = true where id = ?1", id)));
        assertEquals(0L, TenantWall.<Long>under(tenantA, s -> connectors.delete("id", id)));
        // positive control: the same query under B's wall finds it, unchanged and not deleted
        List<Connector> seenByB =
                TenantWall.under(tenantB, s -> connectors.find("name", name).list());
        assertEquals(1, seenByB.size());
        assertEquals(id, seenByB.get(0).id);
        assertEquals(tenantB, seenByB.get(0).tenantId);
        assertFalse(seenByB.get(0).paused);
    }

    @Test
    void withoutATenantNoConnectorIsVisible() {
        UUID id = connectorOf(tenantB, "Unset " + UUID.randomUUID());
        assertEquals(0L, TenantWall.<Long>withoutTenant(() -> connectors.count("id", id)));
        assertEquals(0L, TenantWall.<Long>withoutTenant(() -> connectors.count()));
        assertEquals(1L, TenantWall.<Long>under(tenantB, s -> connectors.count("id", id)));
    }

    @Test
    void anotherTenantsRunsAreInvisibleToPlainSqlWithoutTheTenantFilter() {
        UUID connector = connectorOf(tenantB, "Runs " + UUID.randomUUID());
        UUID run = UUID.randomUUID();
        db.inTenant(
                tenantB,
                c -> Db.update(
                        c,
                        "insert into sync_runs(id, tenant_id, connector_id, status) values (?, ?, ?, 'SUCCEEDED')",
                        run,
                        tenantB,
                        connector));
        String noTenantFilter = "select count(*) from sync_runs where id = ?";
        assertEquals(0L, TenantWall.count(db, tenantA, noTenantFilter, run));
        assertEquals(1L, TenantWall.count(db, tenantB, noTenantFilter, run));
        // the reactive session's wall holds for plain SQL too
        String reactive = "select count(*) from sync_runs where id = :run";
        assertEquals(0L, countNative(tenantA, reactive, run));
        assertEquals(1L, countNative(tenantB, reactive, run));
    }

    @Test
    void theServiceDoesNotRunAsARoleThatBypassesTheWall() {
        TenantWall.assertCannotBeBypassed(db, "connectors", "sync_runs", "items", "schedules");
    }

    private long countNative(UUID tenant, String sql, UUID run) {
        Object n = TenantWall.under(
                tenant, s -> s.createNativeQuery(sql).setParameter("run", run).getSingleResult());
        return ((Number) n).longValue();
    }
}
