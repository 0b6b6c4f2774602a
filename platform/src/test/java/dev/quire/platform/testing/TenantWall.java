package dev.quire.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quire.platform.db.Db;
import dev.quire.platform.db.ReactiveTenantTx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What a service's row-level-security tests share: a query run under one tenant's wall (or none) with the
 * application's own tenant filter left out, so only the wall decides what it sees, and the check that nothing lets the
 * service past the wall (a superuser or BYPASSRLS role, a table without FORCE).
 */
public final class TenantWall {
    private TenantWall() {}

    /** A Hibernate Reactive query in a transaction under this tenant's wall, waited for. */
    public static <T> T under(UUID tenant, Function<Mutiny.Session, Uni<T>> query) {
        return ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(tenant, query));
    }

    /** A Hibernate Reactive query in a transaction that sets no tenant at all. */
    public static <T> T withoutTenant(Supplier<Uni<T>> query) {
        return ReactiveTenantTx.await(() -> Panache.withTransaction(query));
    }

    /** A plain-SQL count under this tenant's wall (over JDBC, as the services' SQL stores run). */
    public static long count(Db db, UUID tenant, String sql, Object... args) {
        return db.inTenant(tenant, c -> Db.one(c, sql, rs -> rs.getLong(1), args))
                .orElseThrow();
    }

    /** The service's role is neither superuser nor BYPASSRLS, and each of these tables forces the wall on its owner. */
    public static void assertCannotBeBypassed(Db db, String... tables) {
        boolean bypass = db.tx(c -> Db.one(
                        c,
                        "select rolsuper or rolbypassrls from pg_roles where rolname = current_user",
                        rs -> rs.getBoolean(1)))
                .orElseThrow();
        assertFalse(bypass, "the service's role bypasses row-level security");
        List<String> forced = db.tx(c -> Db.list(
                c,
                "select relname from pg_class where relforcerowsecurity and relrowsecurity"
                        + " and relnamespace = current_schema()::regnamespace and relname = any(?)",
                rs -> rs.getString(1),
                new Db.SqlArray("text", List.of(tables))));
        assertEquals(new HashSet<>(Arrays.asList(tables)), new HashSet<>(forced), "tables that force the wall");
    }
}
