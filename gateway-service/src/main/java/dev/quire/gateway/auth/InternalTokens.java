package dev.quire.gateway.auth;

import dev.quire.contracts.Claims;
import dev.quire.gateway.config.GatewayConfig;
import dev.quire.gateway.tenants.TenantInfo;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs the short-lived tokens the services accept (and no other): the caller's tenant, user and key as verified,
 * the role and scopes tenant-service reports now, and the plan's storage limits. A service reached directly with a
 * user's own token refuses it, and a token minted here outlives a change by at most its lifetime.
 */
@ApplicationScoped
public class InternalTokens {
    /** Everything a token says: equal grants reuse one signed token (RS256 signing costs about a millisecond). */
    record Grant(
            UUID tenantId,
            String userId,
            UUID apiKeyId,
            String role,
            List<String> scopes,
            List<String> kbIds,
            String plan,
            int maxDocuments,
            int maxStorageMb,
            int maxConnectors) {}

    private record Minted(String token, long reuseUntil) {}

    private static final int MAX_ENTRIES = 20_000;

    private final ConcurrentHashMap<Grant, Minted> minted = new ConcurrentHashMap<>();
    private final GatewayConfig.InternalToken config;

    public InternalTokens(GatewayConfig config) {
        this.config = config.internalToken();
    }

    static Grant grant(VerifiedTokens.Verified v, PrincipalDirectory.Status status, TenantInfo tenant) {
        var limits = tenant.limits();
        return new Grant(
                v.tenantId(),
                v.subject(),
                v.apiKeyId(),
                status.role(),
                v.apiKeyId() == null ? null : status.scopes() == null ? List.of() : List.copyOf(status.scopes()),
                v.kbIds(),
                tenant.plan(),
                limits.maxDocuments(),
                limits.maxStorageMb(),
                limits.maxConnectors());
    }

    /** A cached token of this grant with at least half its life left, or null (then {@link #sign}). */
    String cached(Grant g) {
        Minted m = minted.get(g);
        return m != null && m.reuseUntil() > System.currentTimeMillis() ? m.token() : null;
    }

    /** Signs a token of this grant (blocking: call it off the event loop) and keeps it for reuse. */
    String sign(Grant g) {
        var b = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(g.userId())
                .claim(Claims.TENANT_ID, g.tenantId().toString())
                .groups(g.role() == null ? Set.of() : Set.of(g.role()))
                .claim(Claims.MAX_DOCUMENTS, g.maxDocuments())
                .claim(Claims.MAX_STORAGE_MB, g.maxStorageMb())
                .claim(Claims.MAX_CONNECTORS, g.maxConnectors());
        if (g.plan() != null) {
            b.claim(Claims.PLAN, g.plan());
        }
        if (g.apiKeyId() != null) {
            b.claim(Claims.API_KEY_ID, g.apiKeyId().toString());
            b.claim(Claims.SCOPE, g.scopes());
            if (g.kbIds() != null) {
                b.claim(Claims.KB_IDS, g.kbIds());
            }
        }
        String token = b.expiresIn(config.ttlSeconds()).sign();
        if (minted.size() >= MAX_ENTRIES) {
            long now = System.currentTimeMillis();
            minted.values().removeIf(m -> m.reuseUntil() <= now);
            if (minted.size() >= MAX_ENTRIES) {
                minted.clear();
            }
        }
        minted.put(g, new Minted(token, System.currentTimeMillis() + config.ttlSeconds() * 500L));
        return token;
    }
}
