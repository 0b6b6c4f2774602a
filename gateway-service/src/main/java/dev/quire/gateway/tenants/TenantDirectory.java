package dev.quire.gateway.tenants;

import dev.quire.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants' status and limits, cached for a short time and dropped at once when tenant.changed announces a change,
 * so a plan change or a suspension applies without restarting any replica.
 */
@ApplicationScoped
public class TenantDirectory {
    private record Entry(Future<Optional<TenantInfo>> value, long expiresAt) {}

    private final ConcurrentHashMap<UUID, Entry> cache = new ConcurrentHashMap<>();
    private final TenantClient client;
    private final GatewayConfig config;

    public TenantDirectory(TenantClient client, GatewayConfig config) {
        this.client = client;
        this.config = config;
    }

    public Future<Optional<TenantInfo>> get(UUID id) {
        long now = System.currentTimeMillis();
        Entry e = cache.get(id);
        if (e != null && e.expiresAt() > now && !e.value().failed()) {
            return e.value();
        }
        var fresh = client.tenant(id);
        cache.put(id, new Entry(fresh, now + config.tenantCacheMs()));
        return fresh;
    }

    public void invalidate(UUID id) {
        cache.remove(id);
    }
}
