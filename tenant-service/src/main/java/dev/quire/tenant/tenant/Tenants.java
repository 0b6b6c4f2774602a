package dev.quire.tenant.tenant;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The tenants' queries (Hibernate Reactive); each runs inside the caller's transaction. */
@ApplicationScoped
public class Tenants implements PanacheRepositoryBase<Tenant, UUID> {
    /** Tenants oldest first (only those of a status when given), after the (createdAt, id) cursor when given. */
    public Uni<List<Tenant>> page(String status, Instant afterTime, UUID afterId, int limit) {
        var where = new StringBuilder("1 = 1");
        var params = new Parameters();
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        if (afterTime != null && afterId != null) {
            where.append(" and (createdAt > :time or (createdAt = :time and id > :id))");
            params.and("time", afterTime).and("id", afterId);
        }
        return find(where.toString(), Sort.by("createdAt").and("id"), params)
                .range(0, limit - 1)
                .list();
    }

    /** The tenant, its row locked for the rest of the transaction; null when there is none. */
    public Uni<Tenant> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
