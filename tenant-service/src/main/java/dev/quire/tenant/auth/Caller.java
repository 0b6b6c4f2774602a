package dev.quire.tenant.auth;

import dev.quire.platform.api.ApiException;
import dev.quire.tenant.audit.AuditLog;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: tenant and user from the verified token, the user's current role, and for an API-key caller the
 * key, its scopes (a user token has every scope of its role) and the knowledge bases it is restricted to
 * ({@code kbIds}, as stored with the key; null: not restricted).
 */
public record Caller(
        UUID tenantId,
        UUID userId,
        String role,
        String plan,
        UUID apiKeyId,
        Set<String> scopes,
        Set<UUID> kbIds,
        String ip) {

    /** Needs at least {@code minimumRole} and, for an API key, {@code scope}; else 403 forbidden. */
    public Caller require(String minimumRole, String scope) {
        if (!Roles.atLeast(role, minimumRole) || Roles.PLATFORM_ADMIN.equals(minimumRole) && !isPlatformAdmin()) {
            throw forbidden("your role does not allow this");
        }
        if (scope != null && !scopes.contains(scope)) {
            throw forbidden("this API key lacks the '" + scope + "' scope");
        }
        return this;
    }

    /** For an API-key caller only: needs {@code scope} (a user's own token is judged by its role alone). */
    public Caller requireKeyScope(String scope) {
        if (apiKeyId != null && !scopes.contains(scope)) {
            throw forbidden("this API key lacks the '" + scope + "' scope");
        }
        return this;
    }

    /** Only the operator (and never through an API key). */
    public Caller requirePlatformAdmin() {
        if (!isPlatformAdmin() || apiKeyId != null) {
            throw forbidden("platform-admin only");
        }
        return this;
    }

    /** A person signed in with their own credentials, not an API key. */
    public Caller requireUserToken() {
        if (apiKeyId != null) {
            throw forbidden("not available to API keys");
        }
        return this;
    }

    /** Not an API key restricted to some knowledge bases: what it reads covers the whole tenant. */
    public Caller requireTenantWide() {
        if (kbIds != null) {
            throw forbidden("not available to an API key restricted to knowledge bases");
        }
        return this;
    }

    public boolean isPlatformAdmin() {
        return Roles.PLATFORM_ADMIN.equals(role);
    }

    public AuditLog.Who who() {
        return new AuditLog.Who(userId, apiKeyId, ip);
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail);
    }
}
