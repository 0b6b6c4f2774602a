package dev.quire.gateway.tenants;

import java.util.UUID;

/** A tenant as the gateway needs it: whether it may call at all, and the limits of its plan. */
public record TenantInfo(UUID id, String name, String status, String plan, Limits limits) {
    /** The plan limits of API.md, with the tenant's overrides applied by tenant-service. */
    public record Limits(
            int requestsPerMinute,
            long tokensPerMinute,
            long tokensPerDay,
            int concurrentStreams,
            int maxDocuments,
            int maxStorageMb,
            int maxUploadMb,
            int maxConnectors) {}

    public boolean active() {
        return "active".equals(status);
    }
}
