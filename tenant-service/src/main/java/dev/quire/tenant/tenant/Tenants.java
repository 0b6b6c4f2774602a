package dev.quire.tenant.tenant;

import dev.quire.tenant.api.KeysetQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
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
        return KeysetQuery.rows()
                .where("status", status)
                .after(afterTime, afterId)
                .list(this, limit);
    }

    /** The tenant, its row locked for the rest of the transaction; null when there is none. */
    public Uni<Tenant> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
