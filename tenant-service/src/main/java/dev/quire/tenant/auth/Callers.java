package dev.quire.tenant.auth;

import dev.quire.contracts.Claims;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.ClientIp;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Resolves the {@link Caller} of a request from its verified token, checked against the database: the user must still
 * exist in the token's tenant, the tenant must be active and an API key unrevoked (else 401); the role is the user's
 * current one, so a demotion takes effect at once.
 */
@RequestScoped
@RequiredArgsConstructor
public class Callers {
    private final JsonWebToken jwt;
    private final HttpServerRequest request;
    private final PrincipalStatus principals;
    private Caller resolved;

    public Caller current() {
        if (resolved == null) {
            resolved = resolve();
        }
        return resolved;
    }

    /** The client address as the gateway forwarded it, else the peer's. */
    public String ip() {
        return ClientIp.of(request);
    }

    private Caller resolve() {
        if (jwt == null || jwt.getRawToken() == null) {
            throw invalid();
        }
        UUID tenantId;
        UUID userId;
        UUID apiKeyId;
        try {
            String t = jwt.getClaim(Claims.TENANT_ID);
            tenantId = UUID.fromString(t);
            userId = UUID.fromString(jwt.getSubject());
            Object k = jwt.getClaim(Claims.API_KEY_ID);
            apiKeyId = k == null ? null : UUID.fromString(unquote(k.toString()));
        } catch (RuntimeException e) {
            throw invalid();
        }
        var found = principals.find(tenantId, userId, apiKeyId);
        var user = found.user();
        if (user == null || !user.tenant.active()) {
            throw invalid();
        }
        Set<String> scopes = new HashSet<>(Roles.scopesOf(user.role));
        if (apiKeyId != null) {
            if (found.key() == null || found.key().revokedAt != null) {
                throw invalid();
            }
            scopes.retainAll(tokenScopes());
        }
        Set<UUID> kbIds =
                apiKeyId == null || found.key().kbIds == null ? null : Set.copyOf(Arrays.asList(found.key().kbIds));
        return new Caller(tenantId, userId, user.role, user.plan(), apiKeyId, Set.copyOf(scopes), kbIds, ip());
    }

    private Set<String> tokenScopes() {
        Object raw = jwt.getClaim(Claims.SCOPE);
        var out = new HashSet<String>();
        if (raw instanceof Collection<?> list) {
            list.forEach(v -> out.add(unquote(v.toString())));
        } else if (raw != null) {
            for (String s : raw.toString().replaceAll("[\\[\\]\"]", "").split("[ ,]+")) {
                if (!s.isBlank()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static ApiException invalid() {
        return new ApiException(401, "invalid_token", "a valid bearer token is required");
    }
}
