package dev.quire.gateway.auth;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature and claims were already checked, kept until the earlier of their expiry and a minute, so
 * a client's repeated calls skip the RSA check and the hop to a worker thread (the tenant's status is still looked
 * up on every call).
 */
final class VerifiedTokens {
    /** What a verified token said, and until when this entry may be trusted (epoch ms). */
    record Verified(
            UUID tenantId,
            String subject,
            UUID apiKeyId,
            java.util.List<String> kbIds,
            long trustedUntil,
            long issuedAt) {}

    // a key-set change (rotation, withdrawal) is trusted at most this late, like the JWKS refresh interval
    static final long MAX_TRUST_MS = 60_000;
    private static final int MAX_ENTRIES = 20_000;

    private final ConcurrentHashMap<String, Verified> entries = new ConcurrentHashMap<>();

    Verified get(String token, long now) {
        Verified v = entries.get(token);
        if (v == null) {
            return null;
        }
        if (v.trustedUntil() <= now) {
            entries.remove(token, v);
            return null;
        }
        return v;
    }

    void put(String token, Verified v) {
        if (entries.size() >= MAX_ENTRIES) {
            long now = System.currentTimeMillis();
            entries.values().removeIf(e -> e.trustedUntil() <= now);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear(); // a flood of distinct tokens costs RSA checks, never memory
            }
        }
        entries.put(token, v);
    }

    void forgetKey(UUID apiKeyId) {
        entries.values().removeIf(v -> apiKeyId.equals(v.apiKeyId()));
    }

    void clear() {
        entries.clear();
    }
}
