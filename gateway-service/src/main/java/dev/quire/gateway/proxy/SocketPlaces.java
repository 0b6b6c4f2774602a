package dev.quire.gateway.proxy;

import dev.quire.gateway.auth.Principal;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The places of open chat sockets (or event streams), per subject (a user or an API key) and per tenant, on this replica: one holder
 * cannot take every socket the replica keeps to chat-agent. A place is taken when a socket is admitted, before its
 * upgrade, so sockets opened at once are counted as they are admitted, not once they are open.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class SocketPlaces {
    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();
    private final int perSubject;
    private final int perTenant;

    /** A place for one more socket of {@code p}, released by the answer (once), or null when a cap is reached. */
    Runnable take(Principal p) {
        String subject = p.apiKeyId() != null ? "key:" + p.apiKeyId() : "user:" + p.tenantId() + ":" + p.userId();
        String tenant = "tenant:" + p.tenantId();
        if (!take(subject, perSubject)) {
            return null;
        }
        if (!take(tenant, perTenant)) {
            give(subject);
            return null;
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                give(subject);
                give(tenant);
            }
        };
    }

    /** Places held now under {@code key} (for tests). */
    int held(String key) {
        return held.getOrDefault(key, 0);
    }

    private boolean take(String key, int max) {
        boolean[] taken = {false};
        held.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private void give(String key) {
        held.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
