package dev.quire.gateway.auth;

import java.util.concurrent.ConcurrentHashMap;

/** The credentials tenant-service refused lately (by hash), for ten seconds: a flood of bad keys stays at the gateway. */
final class RefusedCredentials {
    private static final long REFUSED_MS = 10_000;
    /** Bounded, as an attacker picks the keys: when full, it starts again empty. */
    private static final int MAX_REFUSED = 10_000;

    private final ConcurrentHashMap<String, Long> until = new ConcurrentHashMap<>();

    boolean contains(String key, long now) {
        Long refusedUntil = until.get(key);
        return refusedUntil != null && refusedUntil > now;
    }

    void add(String key) {
        if (until.size() >= MAX_REFUSED) {
            until.clear();
        }
        until.put(key, System.currentTimeMillis() + REFUSED_MS);
    }

    void clear() {
        until.clear();
    }
}
