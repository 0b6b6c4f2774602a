package dev.quire.gateway.auth;

import dev.quire.gateway.tenants.TenantInfo;
import java.util.UUID;

/**
 * A verified caller: its tenant (active), user, the Quire token tenant-service takes ({@code forwardToken}: the
 * caller's, or the one its API key was exchanged for) and the gateway's short-lived token every other service
 * takes ({@code serviceToken}: the current role and limits).
 */
public record Principal(
        UUID tenantId, String userId, String forwardToken, UUID apiKeyId, TenantInfo tenant, String serviceToken) {}
