package dev.quire.gateway.auth;

import dev.quire.gateway.config.GatewayConfig;
import dev.quire.gateway.edge.RequestContext;
import dev.quire.gateway.tenants.TenantClient;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import lombok.RequiredArgsConstructor;

/**
 * Whether a token's user (and API key) may still act, and with which role, as tenant-service says now: reused for
 * at most {@code principal-cache-ms} and dropped at once when tenant.changed names the tenant, so a deletion,
 * demotion or revocation reaches every service within seconds, not when the caller's token expires.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class PrincipalDirectory {
    /**
     * The user's current role; for an API key, the scopes it still has (null for a user's own token); a user's own
     * token issued before {@code tokensValidAfter} (epoch seconds, null for none) was ended by a sign-out or a
     * password change.
     */
    public record Status(String role, List<String> scopes, Long tokensValidAfter) {
        public Status(String role, List<String> scopes) {
            this(role, scopes, null);
        }

        /** Whether a user token issued at {@code iat} (epoch seconds) was ended. */
        public boolean ended(long iat) {
            return tokensValidAfter != null && iat < tokensValidAfter;
        }
    }

    private record Key(UUID tenantId, String userId, UUID apiKeyId) {}

    private record Entry(Future<Optional<Status>> value, long expiresAt) {}

    private static final int MAX_ENTRIES = 50_000;

    private final ConcurrentHashMap<Key, Entry> cache = new ConcurrentHashMap<>();
    private final TenantClient client;
    private final GatewayConfig config;

    /** The status, or empty when the user is gone, the tenant inactive or the key revoked. */
    public Future<Optional<Status>> get(UUID tenantId, String userId, UUID apiKeyId) {
        var key = new Key(tenantId, userId, apiKeyId);
        long now = System.currentTimeMillis();
        Entry e = cache.get(key);
        if (e != null && e.expiresAt() > now && !e.value().failed()) {
            return RequestContext.reused(e.value());
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(x -> x.expiresAt() <= now);
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear(); // bounded: a flood of users costs calls to tenant-service, never memory
            }
        }
        var fresh = client.principal(tenantId, userId, apiKeyId);
        cache.put(key, new Entry(fresh, now + config.principalCacheMs()));
        return fresh;
    }

    /** Forgets every user and key of a tenant (a change was announced for it). */
    public void invalidate(UUID tenantId) {
        cache.keySet().removeIf(k -> k.tenantId().equals(tenantId));
    }
}
