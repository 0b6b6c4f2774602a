package dev.quire.tenant.tenant;

import dev.quire.platform.db.ReactiveTenantTx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The plan catalogue, read over Hibernate Reactive; it belongs to no tenant, so no tenant wall is set. */
@ApplicationScoped
public class Plans implements PanacheRepositoryBase<Plan, String> {
    /** Every plan, the smallest first. */
    public Uni<List<Plan>> catalogue() {
        return Panache.withSession(() -> listAll()).map(all -> all.stream()
                .sorted(Comparator.comparingLong(Plan::requestsPerMinute))
                .toList());
    }

    /** A plan by id, for the blocking sign-up, which checks it before it spends a password hash. */
    public Optional<Plan> byIdNow(String id) {
        return Optional.ofNullable(ReactiveTenantTx.await(() -> Panache.withSession(() -> findById(id))));
    }
}
