package dev.quire.gateway.auth;

import dev.quire.contracts.Claims;
import dev.quire.gateway.config.GatewayConfig;
import dev.quire.gateway.tenants.TenantClient;
import dev.quire.gateway.tenants.TenantClient.Exchanged;
import dev.quire.gateway.tenants.TenantDirectory;
import dev.quire.gateway.tenants.TenantInfo;
import dev.quire.platform.runtime.TenantSpan;
import dev.quire.platform.secrets.Sha256;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns a bearer credential into a {@link Principal}: a Quire JWT is verified here; an API key ({@code qk_…}) or
 * an external OIDC token is exchanged at tenant-service for a short-lived Quire JWT (cached until shortly before
 * it expires, dropped when the key is revoked); and the tenant must exist and be active.
 * One class because the three credential kinds end in one check (tenant active, user and key live, service token
 * signed with the current role), and the caches they fill — exchanged tokens, refusals, verified JWTs — are dropped
 * together by the revocation and change hooks here.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class Authenticator {
    private record Cached(Exchanged value, long expiresAt) {}

    private final TokenVerifier verifier;
    private final TenantClient tenants;
    private final TenantDirectory directory;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final ConcurrentHashMap<String, Cached> exchanged = new ConcurrentHashMap<>();
    private final RefusedCredentials refused = new RefusedCredentials();

    private final VerifiedTokens verified = new VerifiedTokens();
    private final PrincipalDirectory principals;
    private final InternalTokens internalTokens;

    public Future<Principal> authenticate(String bearer) {
        if (bearer == null || bearer.isBlank()) {
            return Future.failedFuture(new TokenVerifier.Rejected("missing token"));
        }
        if (bearer.startsWith("qk_")) {
            return exchange("apiKey", bearer).compose(this::principal);
        }
        return principal(bearer)
                .recover(e -> isExternal(bearer)
                        ? exchange("token", bearer).compose(this::principal)
                        : Future.failedFuture(e));
    }

    /** Forgets the exchanged token of a revoked key at once. */
    public void revoked(UUID apiKeyId) {
        exchanged.values().removeIf(c -> apiKeyId.equals(c.value().apiKeyId()));
        verified.forgetKey(apiKeyId);
    }

    /** Forgets every verified token, so a changed key set is checked again on the next call. */
    public void keysChanged() {
        verified.clear();
    }

    /** Forgets remembered refusals (a tenant changed: its keys may pass again, e.g. after a suspension ended). */
    public void tenantChanged() {
        refused.clear();
    }

    private Future<String> exchange(String field, String credential) {
        String key = Sha256.hex(credential);
        long now = System.currentTimeMillis();
        Cached c = exchanged.get(key);
        if (c != null && c.expiresAt() > now) {
            return Future.succeededFuture(c.value().accessToken());
        }
        if (refused.contains(key, now)) {
            return Future.failedFuture(new TokenVerifier.Rejected("credential refused by tenant-service (cached)"));
        }
        return tenants.exchange(field, credential).compose(answer -> {
            if (answer.isEmpty()) {
                // only a definite refusal is remembered (a failed call is not)
                refused.add(key);
                return Future.failedFuture(new TokenVerifier.Rejected("credential refused by tenant-service"));
            }
            var x = answer.get();
            // reuse until 30 s before expiry, so a downstream service never receives an expired token
            long ttlMs = Math.max(0, x.expiresIn() - 30) * 1000L;
            exchanged.put(key, new Cached(x, System.currentTimeMillis() + ttlMs));
            return Future.succeededFuture(x.accessToken());
        });
    }

    private Future<Principal> principal(String token) {
        long now = System.currentTimeMillis();
        VerifiedTokens.Verified known = verified.get(token, now);
        if (known != null) {
            // steady state: no RSA check and no worker hop, only the (cached) tenant status
            return directory.get(known.tenantId()).compose(info -> active(known, token, info));
        }
        return vertx.executeBlocking(() -> verifier.verify(token), false).compose(jwt -> {
            VerifiedTokens.Verified v;
            try {
                v = verifiedOf(jwt, now);
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(new TokenVerifier.Rejected("tenant_id or api_key_id is not a UUID"));
            }
            verified.put(token, v);
            return directory.get(v.tenantId()).compose(info -> active(v, token, info));
        });
    }

    private static VerifiedTokens.Verified verifiedOf(JsonWebToken jwt, long now) {
        UUID tenant = UUID.fromString(jwt.getClaim(Claims.TENANT_ID).toString());
        Object key = jwt.getClaim(Claims.API_KEY_ID);
        long until = Math.min(jwt.getExpirationTime() * 1000L, now + VerifiedTokens.MAX_TRUST_MS);
        return new VerifiedTokens.Verified(
                tenant,
                jwt.getSubject(),
                key == null ? null : UUID.fromString(unquote(key.toString())),
                strings(jwt.getClaim(Claims.KB_IDS)),
                until,
                jwt.getIssuedAtTime());
    }

    /**
     * The tenant must be active, and the user (and key) still live: their current role goes into the service
     * token, so the token's own (possibly stale) role never reaches a service.
     */
    private Future<Principal> active(VerifiedTokens.Verified v, String token, Optional<TenantInfo> info) {
        TenantSpan.mark(v.tenantId());
        TenantInfo t = info.orElse(null);
        if (t == null || !t.active()) {
            return Future.failedFuture(new TokenVerifier.Rejected("tenant unknown, suspended or deleted"));
        }
        return principals.get(v.tenantId(), v.subject(), v.apiKeyId()).compose(status -> {
            if (status.isEmpty()) {
                return Future.failedFuture(new TokenVerifier.Rejected("user deleted or key revoked"));
            }
            if (v.apiKeyId() == null && status.get().ended(v.issuedAt())) {
                return Future.failedFuture(
                        new TokenVerifier.Rejected("this session was signed out or its password changed"));
            }
            var grant = InternalTokens.grant(v, status.get(), t);
            String cached = internalTokens.cached(grant);
            if (cached != null) {
                return Future.succeededFuture(new Principal(v.tenantId(), v.subject(), token, v.apiKeyId(), t, cached));
            }
            return vertx.executeBlocking(() -> internalTokens.sign(grant), false)
                    .map(signed -> new Principal(v.tenantId(), v.subject(), token, v.apiKeyId(), t, signed));
        });
    }

    /** Forgets what the gateway knew of a tenant's users and keys (a role changed, a user was deleted). */
    public void principalsChanged(UUID tenantId) {
        principals.invalidate(tenantId);
    }

    private static String unquote(String s) {
        return s.length() > 1 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** A claim as a list of strings (JSON array or collection), or null when absent. */
    private static java.util.List<String> strings(Object claim) {
        if (claim == null || claim == jakarta.json.JsonValue.NULL) {
            return null;
        }
        var out = new java.util.ArrayList<String>();
        if (claim instanceof jakarta.json.JsonArray a) {
            a.forEach(x -> out.add(x instanceof jakarta.json.JsonString js ? js.getString() : x.toString()));
        } else if (claim instanceof java.util.Collection<?> c) {
            c.forEach(x -> out.add(x instanceof jakarta.json.JsonString js ? js.getString() : String.valueOf(x)));
        } else {
            out.add(claim instanceof jakarta.json.JsonString js ? js.getString() : claim.toString());
        }
        return java.util.List.copyOf(out);
    }

    /** Whether the token's (unverified) issuer is the configured external OIDC issuer. */
    private boolean isExternal(String token) {
        Optional<String> issuer = config.oidcIssuer();
        if (issuer.isEmpty()) {
            return false;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3 || parts[1].length() > 8192) {
            return false;
        }
        try {
            var claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return issuer.get().equals(claims.getString("iss"));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
