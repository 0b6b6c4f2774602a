package dev.quire.gateway.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Permits this replica took from a tenant's shared Redis bucket ahead of use. Every permit was charged to the
 * bucket when it was leased, so admitting from a lease can never exceed the shared limit. A lease lives one lease
 * time; once it is half spent (in time or permits) the next request starts its renewal in the background, so a busy
 * tenant's requests never wait for Redis, and the renewal tops the lease up to its size, carrying the leftovers over
 * (so a replica never holds more than one lease's worth, however slowly it spends it). A lease nobody renews (the
 * tenant went quiet) is forfeited: at most one lease time's worth of the rate per replica.
 */
final class RateLeases {
    private record Lease(AtomicLong left, long granted, long until, Decision basis, AtomicBoolean renewing) {}

    /**
     * A permit from a lease; {@code renew} asks the caller to lease the next permits in the background, {@code left}
     * is what the lease still holds (a renewal tops it up rather than adding a whole lease).
     */
    record Taken(Decision decision, boolean renew, long left) {}

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
    Taken take(String key, long now, long leaseMs) {
        Lease l = leases.get(key);
        if (l == null || l.until() <= now) {
            return null;
        }
        long left = l.left().decrementAndGet();
        if (left < 0) {
            return null;
        }
        Decision b = l.basis();
        boolean halfSpent = l.until() - now < leaseMs / 2 || left < l.granted() / 2;
        // one renewal per lease: a refused one (the bucket is empty) is not retried on every request
        boolean renew = halfSpent && l.renewing().compareAndSet(false, true);
        return new Taken(Decision.allow(b.limit(), b.remaining() + left, b.resetSeconds()), renew, left);
    }

    /** Keeps what a lease granted beyond the permit the current request uses. */
    void keep(String key, Decision basis, long granted, long until) {
        add(key, basis, granted - 1, until);
    }

    /** A background renewal's permits, all of them for later requests. */
    void renewed(String key, Decision basis, long granted, long until) {
        add(key, basis, granted, until);
    }

    /**
     * Replaces the lease with {@code permits} more plus what the old one still held, atomically per key (a renewal
     * and a request's own lease may land at once). The old count is emptied in one step, so a request racing the
     * swap either got its permit before it (and it is not carried) or finds none.
     */
    private void add(String key, Decision basis, long permits, long until) {
        leases.compute(key, (k, old) -> {
            // an expired lease's leftovers are forfeited, so no permit is used long after it was charged
            boolean live = old != null && old.until() > System.currentTimeMillis();
            long total = permits + (live ? Math.max(0, old.left().getAndSet(0)) : 0);
            return total > 0 ? new Lease(new AtomicLong(total), total, until, basis, new AtomicBoolean()) : null;
        });
    }
}
