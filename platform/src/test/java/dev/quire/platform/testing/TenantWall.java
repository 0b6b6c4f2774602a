package dev.quire.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quire.platform.db.Db;
import dev.quire.platform.db.ReactiveTenantTx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Row-level security checks for a service's own tests: a Hibernate Reactive query run from the test thread under one
 * tenant's wall ({@link ReactiveTenantTx}) or under none, and whether the service's database role and tables let the
 * wall hold at all. The query under test leaves the application's tenant filter out, so only the wall decides.
 */
public final class TenantWall {
    private TenantWall() {}

    /** What {@code work} sees in a transaction whose wall is set to {@code tenant}. */
    public static <T> T under(UUID tenant, Function<Mutiny.Session, Uni<T>> work) {
        return ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(tenant, work));
    }

    /** What {@code work} sees in a transaction with no tenant set at all. */
    public static <T> T withoutTenant(Supplier<Uni<T>> work) {
        return ReactiveTenantTx.await(() -> Panache.withTransaction(work));
    }

    /**
     * Asserts the service's database role is neither a superuser nor exempt from row-level security, and that each
     * table forces row-level security (the service's role owns them: without FORCE the owner is exempt).
     */
    public static void assertEnforced(Db db, String... tables) {
        boolean bypass = db.tx(c -> Db.one(
                        c,
                        "select rolsuper or rolbypassrls from pg_roles where rolname = current_user",
                        rs -> rs.getBoolean(1)))
                .orElseThrow();
        assertFalse(bypass, "the service's database role bypasses row-level security");
        List<String> forced = db.tx(c -> Db.list(
                c,
                "select relname from pg_class where relforcerowsecurity and relrowsecurity"
                        + " and relnamespace = current_schema()::regnamespace and relname = any(?) order by relname",
                rs -> rs.getString(1),
                new Db.SqlArray("text", Arrays.asList(tables))));
        assertEquals(Arrays.stream(tables).sorted().toList(), forced, "tables that force row-level security");
    }
}
