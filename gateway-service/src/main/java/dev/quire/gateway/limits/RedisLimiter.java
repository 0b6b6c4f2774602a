package dev.quire.gateway.limits;

import dev.quire.gateway.edge.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared limiter state of all gateway replicas in Redis: every decision is one Lua script, so concurrent
 * replicas can never read-then-write past a limit. Keys carry the tenant in a hash tag (one cluster slot each).
 */
@ApplicationScoped
public class RedisLimiter {
    // a slow answer is better than a local guess: fall back only when Redis is really gone
    private static final long TIMEOUT_MS = 1000;

    private final RedisAPI redis;
    private final Redis client;
    private final Vertx vertx;
    private final ThreadLocal<Future<RedisAPI>> perLoop = new ThreadLocal<>();
    private final Map<String, String> scripts = new ConcurrentHashMap<>();
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    public RedisLimiter(RedisAPI redis, Redis client, Vertx vertx) {
        this.redis = redis;
        this.client = client;
        this.vertx = vertx;
        for (String name : List.of("rate", "reserve", "settle", "stream")) {
            scripts.put(name, load(name));
        }
    }

    /** One GCRA step for a bucket of {@code limit} per {@code periodMs}. */
    public Future<Decision> rate(String key, long limit, long periodMs) {
        return lease(key, limit, periodMs, 1).map(Lease::decision);
    }

    /** A decision and how many permits it granted (≥ 1 when allowed). */
    public record Lease(Decision decision, long granted) {}

    /** Takes up to {@code permits} permits of the bucket at once (at least one, or a refusal). */
    public Future<Lease> lease(String key, long limit, long periodMs, long permits) {
        return run("rate", List.of(key), List.of(Long.toString(limit), Long.toString(periodMs), Long.toString(permits)))
                .map(r -> r.get(0).toInteger() == 1
                        ? new Lease(
                                Decision.allow(
                                        limit, r.get(1).toLong(), r.get(2).toLong()),
                                r.size() > 4 ? r.get(4).toLong() : 1)
                        : new Lease(Decision.refuse(limit, r.get(3).toLong(), "rate_limited"), 0));
    }

    /** Reserves {@code tokens} of the tenant's per-minute and per-day budgets under {@code reservationId}. */
    public Future<Decision> reserve(UUID tenant, String reservationId, long tokens, long perMinute, long perDay) {
        return run(
                        "reserve",
                        List.of(tokenKey(tenant), reservationKey(tenant, reservationId)),
                        List.of(
                                Long.toString(tokens),
                                Long.toString(perMinute),
                                Long.toString(perDay),
                                Long.toString(RESERVATION_TTL_S)))
                .map(r -> r.get(0).toInteger() == 1
                        ? Decision.allow(perMinute, 0, 0)
                        : Decision.refuse(perMinute, r.get(2).toLong(), r.get(1).toString()));
    }

    /** Settles a reservation to what was spent; answers the tokens given back (-1: unknown or settled). */
    public Future<Long> settle(UUID tenant, String reservationId, long spent) {
        return run("settle", List.of(reservationKey(tenant, reservationId)), List.of(Long.toString(spent)))
                .map(Response::toLong);
    }

    /** Takes one of the tenant's concurrent stream slots for {@code leaseMs}. */
    public Future<Boolean> acquireStream(UUID tenant, String streamId, int limit, long leaseMs) {
        return run(
                        "stream",
                        List.of(streamKey(tenant)),
                        List.of(Integer.toString(limit), streamId, Long.toString(leaseMs)))
                .map(r -> r.get(0).toInteger() == 1);
    }

    public Future<Void> releaseStream(UUID tenant, String streamId) {
        return call(r -> r.zrem(List.of(streamKey(tenant), streamId))).mapEmpty();
    }

    public Future<Boolean> ping() {
        return call(r -> r.ping(List.of())).map(r -> true);
    }

    /** Reservations not settled within this time stay spent (a crashed chat cannot hand its tokens back). */
    static final long RESERVATION_TTL_S = 900;

    static String tokenKey(UUID tenant) {
        return "q:{" + tenant + "}:tok";
    }

    static String reservationKey(UUID tenant, String id) {
        return "q:{" + tenant + "}:res:" + id;
    }

    static String streamKey(UUID tenant) {
        return "q:{" + tenant + "}:streams";
    }

    private Future<Response> run(String name, List<String> keys, List<String> args) {
        String sha = shas.get(name);
        var call = new ArrayList<String>();
        call.add(sha != null ? sha : scripts.get(name));
        call.add(Integer.toString(keys.size()));
        call.addAll(keys);
        call.addAll(args);
        if (sha == null) {
            // first use: EVAL caches the script in Redis; later calls send its SHA only
            return call(r -> r.eval(call)).onSuccess(r -> shas.put(name, sha1(scripts.get(name))));
        }
        return call(r -> r.evalsha(call)).recover(e -> {
            if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                shas.remove(name); // Redis restarted and forgot it
                return run(name, keys, args);
            }
            return Future.failedFuture(e);
        });
    }

    /**
     * Sends one command on this event loop's connection and answers on the CALLER's Vert.x context. The connection
     * (and so the future it was opened with) belongs to the context of whichever request opened it; continuing on
     * that future ran the caller's callbacks on the other request's context, where Quarkus keeps the current trace
     * (and the MDC): after a Redis round trip the gateway's proxied call started a new trace, or joined the trace of
     * whatever request had opened the connection (docs/OBSERVABILITY.md). So the command is sent from the caller's
     * context once the connection is open, and the answer continues on the caller's context.
     */
    private <T> Future<T> call(java.util.function.Function<RedisAPI, Future<T>> command) {
        Future<RedisAPI> c = api();
        Future<T> sent = c.succeeded() ? command.apply(c.result()) : c.compose(command);
        Promise<T> p = Promise.promise();
        long timer = vertx.setTimer(TIMEOUT_MS, t -> p.tryFail("redis did not answer within " + TIMEOUT_MS + " ms"));
        sent.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                p.tryComplete(ar.result());
            } else {
                p.tryFail(ar.cause());
            }
        });
        return RequestContext.onCaller(p.future());
    }

    /**
     * A connection of this event loop's own, opened from it, so a limiter call and its answer stay on the thread
     * that serves the request: through the shared pool each call crossed to another event loop and back, which cost
     * milliseconds on a busy machine while Redis itself answers in 50 µs. Off an event loop, the pool.
     */
    private Future<RedisAPI> api() {
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            return Future.succeededFuture(redis);
        }
        Future<RedisAPI> c = perLoop.get();
        if (c == null || c.failed()) {
            c = client.connect().map(conn -> {
                // handlers run on this same loop: the next call opens a fresh connection
                conn.exceptionHandler(e -> perLoop.remove());
                conn.endHandler(v -> perLoop.remove());
                return RedisAPI.api(conn);
            });
            perLoop.set(c);
        }
        return c;
    }

    private static String load(String name) {
        try (InputStream in = RedisLimiter.class.getResourceAsStream("/limits/" + name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("limiter script " + name + " is missing", e);
        }
    }

    private static String sha1(String s) {
        try {
            var d = java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
