package dev.quire.gateway.tenants;

import dev.quire.gateway.config.GatewayConfig;
import dev.quire.gateway.edge.RequestContext;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import lombok.RequiredArgsConstructor;

/**
 * Tenants' status and limits, cached for a short time and dropped at once when tenant.changed announces a change,
 * so a plan change or a suspension applies without restarting any replica.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class TenantDirectory {
    private record Entry(Future<Optional<TenantInfo>> value, long expiresAt) {}

    private final ConcurrentHashMap<UUID, Entry> cache = new ConcurrentHashMap<>();
    private final TenantClient client;
    private final GatewayConfig config;

    public Future<Optional<TenantInfo>> get(UUID id) {
        long now = System.currentTimeMillis();
        Entry e = cache.get(id);
        if (e != null && e.expiresAt() > now && !e.value().failed()) {
            // handing the cached future itself to a request of another loop moved the rest of that request (limiter,
            // proxy) to the creator's thread and back: two cross-thread wake-ups per call, most of the gateway's p99
            return RequestContext.reused(e.value());
        }
        var fresh = client.tenant(id);
        cache.put(id, new Entry(fresh, now + config.tenantCacheMs()));
        return fresh;
    }

    public void invalidate(UUID id) {
        cache.remove(id);
    }
}
