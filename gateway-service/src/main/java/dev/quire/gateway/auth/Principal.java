package dev.quire.gateway.auth;

import dev.quire.gateway.tenants.TenantInfo;
import java.util.UUID;

/** A verified caller: its tenant (active), user, and the Quire token to forward downstream. */
public record Principal(UUID tenantId, String userId, String forwardToken, UUID apiKeyId, TenantInfo tenant) {}
