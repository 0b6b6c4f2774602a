package dev.quire.gateway.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Permits this replica took from a tenant's shared Redis bucket ahead of use. Every permit was charged to the
 * bucket when it was leased, so admitting from a lease can never exceed the shared limit; a lease lives one lease
 * time, and what it still holds then is forfeited (at most one lease time's worth of the rate per replica).
 */
final class RateLeases {
    private record Lease(AtomicLong left, long until, Decision basis) {}

    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();

    /** How many permits to lease for a bucket of {@code limit} per {@code periodMs}: 1 means "do not lease". */
    static long size(long limit, long periodMs, long leaseMs, int max) {
        if (leaseMs <= 0) {
            return 1;
        }
        long perLease = (long) Math.floor((double) limit * leaseMs / periodMs);
        return perLease < 2 ? 1 : Math.min(perLease, max);
    }

    /** One permit of the bucket's current lease, or null when it holds none. */
    Decision take(String key, long now) {
        Lease l = leases.get(key);
        if (l == null || l.until() <= now) {
            return null;
        }
        long left = l.left().decrementAndGet();
        if (left < 0) {
            return null;
        }
        Decision b = l.basis();
        return Decision.allow(b.limit(), b.remaining() + left, b.resetSeconds());
    }

    /** Keeps what a lease granted beyond the permit the current request uses. */
    void keep(String key, Decision basis, long granted, long until) {
        if (granted > 1) {
            leases.put(key, new Lease(new AtomicLong(granted - 1), until, basis));
        }
    }
}
