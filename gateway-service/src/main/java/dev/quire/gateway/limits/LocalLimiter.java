package dev.quire.gateway.limits;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stand-in while Redis is unreachable: each replica limits on its own to its share of every limit (the limit
 * divided by the expected number of replicas), so an outage degrades accuracy but never opens the door.
 */
public class LocalLimiter {
    private final int replicas;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>();
    private final Map<String, long[]> windows = new ConcurrentHashMap<>();
    private final Map<UUID, Set<String>> streams = new ConcurrentHashMap<>();

    public LocalLimiter(int replicas) {
        this.replicas = Math.max(1, replicas);
    }

    /** A token bucket of this replica's share of {@code limit} per {@code periodMs}. */
    public Decision rate(String key, long limit, long periodMs) {
        double capacity = Math.max(1, (double) limit / replicas);
        double perMs = capacity / periodMs;
        long now = System.currentTimeMillis();
        double[] b = buckets.computeIfAbsent(key, k -> new double[] {capacity, now});
        synchronized (b) {
            b[0] = Math.min(capacity, b[0] + (now - b[1]) * perMs);
            b[1] = now;
            if (b[0] < 1) {
                return Decision.refuse((long) capacity, (long) Math.ceil((1 - b[0]) / perMs / 1000), "rate_limited");
            }
            b[0] -= 1;
            return Decision.allow((long) capacity, (long) b[0], (long) Math.ceil((capacity - b[0]) / perMs / 1000));
        }
    }

    /** This replica's share of the per-minute token budget; the daily budget cannot be held locally. */
    public Decision reserve(UUID tenant, long tokens, long perMinute) {
        long share = Math.max(1, perMinute / replicas);
        long minute = System.currentTimeMillis() / 60_000;
        long[] w = windows.computeIfAbsent(tenant.toString(), k -> new long[] {minute, 0});
        synchronized (w) {
            if (w[0] != minute) {
                w[0] = minute;
                w[1] = 0;
            }
            if (w[1] + tokens > share) {
                return Decision.refuse(share, 60 - (System.currentTimeMillis() / 1000) % 60, "rate_limited");
            }
            w[1] += tokens;
            return Decision.allow(share, share - w[1], 60);
        }
    }

    public boolean acquireStream(UUID tenant, String streamId, int limit) {
        var set = streams.computeIfAbsent(tenant, k -> ConcurrentHashMap.newKeySet());
        synchronized (set) {
            if (set.size() >= Math.max(1, limit / replicas)) {
                return false;
            }
            return set.add(streamId);
        }
    }

    public void releaseStream(UUID tenant, String streamId) {
        var set = streams.get(tenant);
        if (set != null) {
            synchronized (set) {
                set.remove(streamId);
            }
        }
    }
}
