package dev.quire.platform.db;

import dev.quire.platform.runtime.TenantSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runs Hibernate Reactive (Panache) work in one transaction whose row-level security sees one tenant: the reactive
 * twin of {@link Db#inTenant}. {@code set_config(.., true)} is the first statement of each transaction, so the setting
 * ends with the transaction and never outlives it on a pooled connection (a session-level {@code SET} would).
 */
public final class ReactiveTenantTx {
    private static final String SET = "select set_config(:name, :value, true)";

    private ReactiveTenantTx() {}

    /** A transaction whose row-level security sees the rows of one tenant; {@code work} runs after the wall is set. */
    public static <T> Uni<T> inTenant(UUID tenantId, Function<Mutiny.Session, Uni<T>> work) {
        if (tenantId == null) {
            throw new IllegalArgumentException("a tenant transaction needs a tenant");
        }
        TenantSpan.mark(tenantId);
        return withSetting("app.tenant_id", tenantId.toString(), work);
    }

    /**
     * A transaction scoped by another transaction-local setting that a table's policy reads, for the few lookups that
     * come before any tenant is known (an API key found by its secret's hash sees that key's row and no other).
     */
    public static <T> Uni<T> withSetting(String name, String value, Function<Mutiny.Session, Uni<T>> work) {
        return Panache.withTransaction(
                () -> Panache.getSession().chain(s -> set(s, name, value).chain(() -> work.apply(s))));
    }

    /**
     * A transaction whose wall sees no tenant yet, for a flow that learns its tenant inside from a table outside the
     * wall (a refresh token names its user's tenant) and then calls {@link #setTenant} before any tenant row.
     */
    public static <T> Uni<T> beforeTenant(Function<Mutiny.Session, Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> work.apply(s)));
    }

    /**
     * Points the running transaction's wall at a tenant it has just learnt (the reactive twin of
     * {@link Db#setTenant}); transaction-local like every setting here.
     */
    public static Uni<Void> setTenant(Mutiny.Session s, UUID tenantId) {
        if (tenantId == null) {
            throw new IllegalArgumentException("a tenant transaction needs a tenant");
        }
        TenantSpan.mark(tenantId);
        return set(s, "app.tenant_id", tenantId.toString());
    }

    private static Uni<Void> set(Mutiny.Session s, String name, String value) {
        return s.createNativeQuery(SET)
                .setParameter("name", name)
                .setParameter("value", value)
                .getSingleResult()
                .replaceWithVoid();
    }

    /**
     * Runs reactive work from a blocking caller (a worker thread, a JDBC flow) on a Vert.x context, where Hibernate
     * Reactive must run, and waits for it; its failure is rethrown as it is when unchecked.
     */
    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Starts reactive work from a blocking caller on a Vert.x context and returns at once, so the caller does its own
     * work while the database answers; {@link #join} waits for the outcome.
     */
    public static <T> CompletableFuture<T> start(Supplier<Uni<T>> work) {
        var outcome = new CompletableFuture<T>();
        Supplier<Multi<T>> multi = () -> Uni.createFrom().<T>deferred(work::get).toMulti();
        VertxContextSupport.<T>subscribe(
                multi, s -> s.with(outcome::complete, outcome::completeExceptionally, () -> outcome.complete(null)));
        return outcome;
    }

    /** Waits for work {@link #start started}; its failure is rethrown as it is when unchecked. */
    public static <T> T join(CompletableFuture<T> started) {
        try {
            return started.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }
}
