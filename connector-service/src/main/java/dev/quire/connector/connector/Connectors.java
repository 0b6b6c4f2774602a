package dev.quire.connector.connector;

import dev.quire.platform.db.ReactiveTenantTx;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The connectors' queries. Each one filters by tenant itself and runs inside a {@link ReactiveTenantTx} transaction,
 * whose row-level security is the second wall. The schedule row is plain SQL on the same session: it is the run
 * machinery's table, written with the connector so the two commit together.
 */
@ApplicationScoped
public class Connectors implements PanacheRepositoryBase<Connector, UUID> {
    /** A connector of this tenant; another tenant's connector is null. */
    public Uni<Connector> inTenant(UUID tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** The tenant's connectors, oldest first. */
    public Uni<List<Connector>> ofTenant(UUID tenantId) {
        return find("tenantId", Sort.by("createdAt").and("id"), tenantId).list();
    }

    /** Counts the tenant's connectors under a per-tenant transaction lock, so two creates cannot pass a limit together. */
    public Uni<Long> lockAndCount(Mutiny.Session s, UUID tenantId) {
        return s.createNativeQuery("select 1 from pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", "connectors:" + tenantId)
                .getSingleResult()
                .chain(() -> count("tenantId", tenantId));
    }

    /** Whether another connector of the tenant has this name (case-insensitive, as the unique index). */
    public Uni<Boolean> nameTaken(UUID tenantId, String name, UUID except) {
        return count("tenantId = ?1 and lower(name) = lower(?2) and id <> ?3", tenantId, name, except)
                .map(n -> n > 0);
    }

    public Uni<Long> deleteInTenant(UUID tenantId, UUID id) {
        return delete("tenantId = ?1 and id = ?2", tenantId, id);
    }

    /** Writes the connector's schedule row (the runner reads schedules across tenants); null interval or paused: none. */
    public Uni<Void> schedule(Mutiny.Session s, Connector c) {
        Uni<Integer> cleared = s.createNativeQuery(
                        "delete from schedules where tenant_id = :tenant and connector_id = :id")
                .setParameter("tenant", c.tenantId)
                .setParameter("id", c.id)
                .executeUpdate();
        if (c.intervalMinutes == null || c.paused) {
            return cleared.replaceWithVoid();
        }
        return cleared.chain(() -> s.createNativeQuery(
                                "insert into schedules(connector_id, tenant_id, interval_minutes, next_at)"
                                        + " values (:id, :tenant, :minutes, now() + make_interval(mins => :minutes))")
                        .setParameter("id", c.id)
                        .setParameter("tenant", c.tenantId)
                        .setParameter("minutes", c.intervalMinutes)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
