package dev.quire.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.gateway.limits.Limiter;
import dev.quire.gateway.limits.RedisLimiter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Permits leased from the shared Redis bucket ahead of use: never more than the bucket holds, and no fewer. */
@QuarkusTest
class RateLeaseTest {
    @Inject
    RedisLimiter redis;

    @Inject
    Limiter limiter;

    @Test
    void leaseGrantsOnlyWhatFitsTheBucketThenRefuses() throws Exception {
        String key = "q:{" + UUID.randomUUID() + "}:rpm";
        var first = await(redis.lease(key, 100, 60_000, 30));
        assertEquals(30, first.granted());
        var second = await(redis.lease(key, 100, 60_000, 100));
        assertTrue(second.decision().allowed());
        assertTrue(second.granted() >= 70 && second.granted() <= 71, "the rest of the burst: " + second.granted());
        var third = await(redis.lease(key, 100, 60_000, 10));
        assertFalse(third.decision().allowed(), "an empty bucket refuses a lease");
        assertEquals(0, third.granted());
        assertTrue(third.decision().retryAfterSeconds() >= 1);
    }

    @Test
    void admittingFromLeasesStaysWithinTheSharedLimit() throws Exception {
        UUID tenant = UUID.randomUUID();
        int perMinute = 12_000; // 10 permits per 50 ms lease
        long start = System.nanoTime();
        int admitted = 0;
        for (int i = 0; i < 16_000; i++) {
            if (await(limiter.admit(tenant, perMinute)).allowed()) {
                admitted++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double allowed = perMinute + perMinute / 60.0 * seconds;
        assertTrue(admitted <= allowed, "never more than burst + rate x T: " + admitted + " > " + allowed);
        assertTrue(admitted >= 0.95 * perMinute, "leases forfeit little: " + admitted);
    }

    @Test
    void aBusyTenantsLeaseIsRenewedBeforeItRunsOut() throws Exception {
        UUID tenant = UUID.randomUUID();
        int perMinute = 120_000; // 100 permits per 50 ms lease
        assertTrue(await(limiter.admit(tenant, perMinute)).allowed());
        int waited = 0;
        for (int i = 0; i < 2_000; i++) {
            var decision = limiter.admit(tenant, perMinute);
            // a decision taken from a lease is complete at once; one that went to Redis is not
            if (!decision.isComplete()) {
                waited++;
            }
            assertTrue(await(decision).allowed());
            TimeUnit.MICROSECONDS.sleep(200);
        }
        assertTrue(waited <= 10, "requests that waited for Redis: " + waited + " of 2000");
    }

    @Test
    void aSlowlySpendingReplicaTakesNoMoreThanItUsesFromTheSharedBucket() throws Exception {
        UUID tenant = UUID.randomUUID();
        int perMinute = 12_000; // 10 permits per 50 ms lease; the bucket refills 200 per second
        int used = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < end) {
            // 100 requests per second: half the rate, but a lease's half-time passes between most of them
            assertTrue(await(limiter.admit(tenant, perMinute)).allowed());
            used++;
            TimeUnit.MILLISECONDS.sleep(10);
        }
        TimeUnit.MILLISECONDS.sleep(100); // a renewal in flight lands
        var probe = await(redis.lease("q:{" + tenant + "}:rpm", perMinute, 60_000, 1));
        long taken = perMinute - probe.decision().remaining() - 1;
        // spending below the refill rate, the bucket stays (nearly) full: at most the lease this replica holds
        assertTrue(taken <= 2 * 10 + 2, "taken from the bucket beyond the refill: " + taken + " (" + used + " used)");
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
