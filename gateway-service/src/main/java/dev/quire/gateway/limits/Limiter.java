package dev.quire.gateway.limits;

import dev.quire.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Every limit the gateway enforces: requests per minute, concurrent chat streams and token reservations. Redis
 * decides for all replicas; when Redis fails, the local limiter decides for this replica, the fallback counter
 * counts it and readiness reports the degradation until Redis answers again.
 */
@ApplicationScoped
public class Limiter {
    private static final Logger LOG = Logger.getLogger(Limiter.class);
    /** The window of the per-minute limits, in milliseconds. */
    public static final long MINUTE_MS = 60_000;
    /** The window of the per-hour limits (sign-ups), in milliseconds. */
    public static final long HOUR_MS = 3_600_000;

    private final RedisLimiter redis;
    private final LocalLimiter local;
    private final Counter fallbacks;
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final RateLeases leases = new RateLeases();
    private final GatewayConfig config;

    public Limiter(RedisLimiter redis, GatewayConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.config = config;
        this.local = new LocalLimiter(config.limits().replicas());
        this.fallbacks = Counter.builder("quire.gateway.limiter.fallback")
                .description("limiter decisions taken locally because Redis was unreachable")
                .register(registry);
    }

    /** Opens Redis connections and loads the scripts before the first client needs them. */
    void warmUp(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent e) {
        java.util.stream.IntStream.range(0, 8).forEach(i -> redis.ping());
        redis.rate("q:warmup", 1, 1000);
    }

    /** Requests per minute of one tenant. */
    public Future<Decision> admit(UUID tenant, int perMinute) {
        if (!config.limits().enabled()) {
            return Future.succeededFuture(Decision.allow(perMinute, perMinute, 0));
        }
        String key = "q:{" + tenant + "}:rpm";
        long now = System.currentTimeMillis();
        long leaseMs = config.limits().leaseMs();
        RateLeases.Taken leased = leases.take(key, now, leaseMs);
        long permits =
                RateLeases.size(perMinute, MINUTE_MS, leaseMs, config.limits().maxLeasePermits());
        if (leased != null) {
            if (leased.renew()) {
                // only what was spent: a whole new lease on every half-time renewal let a slowly spending replica
                // take twice the tenant's rate from the shared bucket and sit on it, starving the other replicas
                renewAhead(key, perMinute, Math.max(1, permits - leased.left()), leaseMs);
            }
            return Future.succeededFuture(leased.decision());
        }
        if (permits == 1) {
            return guarded(redis.rate(key, perMinute, MINUTE_MS), () -> local.rate(key, perMinute, MINUTE_MS));
        }
        Future<Decision> shared = redis.lease(key, perMinute, MINUTE_MS, permits)
                .map(l -> {
                    leases.keep(
                            key,
                            l.decision(),
                            l.granted(),
                            now + config.limits().leaseMs());
                    return l.decision();
                });
        return guarded(shared, () -> local.rate(key, perMinute, MINUTE_MS));
    }

    /**
     * Leases the next permits while the current lease still serves, so no request of a busy tenant waits for Redis
     * (a renewal on the request path put a Redis round trip into every ~30th call: the p99). A failed or refused
     * renewal changes nothing: the lease runs out and the next request takes the ordinary path.
     */
    private void renewAhead(String key, int perMinute, long permits, long leaseMs) {
        redis.lease(key, perMinute, MINUTE_MS, permits).onSuccess(l -> {
            if (l.granted() > 0) {
                leases.renewed(key, l.decision(), l.granted(), System.currentTimeMillis() + leaseMs);
            }
        });
    }

    /** A per-client-IP limit on an unauthenticated route ({@code limit} per {@code periodMs}). */
    public Future<Decision> admitAnonymous(String route, String ip, int limit, long periodMs) {
        String key = "q:ip:" + route + ":" + ip;
        return guarded(redis.rate(key, limit, periodMs), () -> local.rate(key, limit, periodMs));
    }

    /** A limit per user of a route that guesses a password with the user's own token (changing the password). */
    public Future<Decision> admitUser(String route, UUID tenant, String userId, int limit, long periodMs) {
        String key = "q:user:" + route + ":" + tenant + ":" + userId;
        return guarded(redis.rate(key, limit, periodMs), () -> local.rate(key, limit, periodMs));
    }

    public Future<Decision> reserve(UUID tenant, String id, long tokens, long perMinute, long perDay) {
        return guarded(
                redis.reserve(tenant, id, tokens, perMinute, perDay), () -> local.reserve(tenant, tokens, perMinute));
    }

    public void settle(UUID tenant, String id, long spent) {
        redis.settle(tenant, id, spent).onFailure(e -> LOG.warnf("reservation %s not settled: %s", id, e.getMessage()));
    }

    public Future<Boolean> acquireStream(UUID tenant, String streamId, int limit) {
        return guarded(
                redis.acquireStream(tenant, streamId, limit, config.limits().streamLeaseMs()),
                () -> local.acquireStream(tenant, streamId, limit));
    }

    public void releaseStream(UUID tenant, String streamId) {
        local.releaseStream(tenant, streamId);
        redis.releaseStream(tenant, streamId);
    }

    /** Whether decisions are currently taken without Redis. */
    public boolean degraded() {
        return degraded.get();
    }

    /** Rechecks Redis (readiness probes call this), so a recovered Redis ends the degraded state. */
    public Future<Boolean> probe() {
        return redis.ping().onSuccess(ok -> degraded.set(false)).onFailure(e -> degraded.set(true));
    }

    private <T> Future<T> guarded(Future<T> shared, java.util.function.Supplier<T> fallback) {
        return shared.onSuccess(r -> degraded.set(false)).recover(e -> {
            if (degraded.compareAndSet(false, true)) {
                LOG.errorf("Redis unreachable, limiting locally: %s", e.getMessage());
            }
            fallbacks.increment();
            return Future.succeededFuture(fallback.get());
        });
    }
}
