package dev.quire.tenant.auth;

import dev.quire.contracts.Claims;
import dev.quire.tenant.config.TenantConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Signs Quire's RS256 access tokens with the claims of API.md, and the short internal tokens of exchanges. */
@ApplicationScoped
@RequiredArgsConstructor
public class TokenIssuer {
    /** A signed token and its lifetime in seconds. */
    public record IssuedToken(String token, int expiresIn) {}

    private final SigningKeys keys;
    private final TenantConfig config;

    /** A user's access token; it names the user's email, for the web app to show who is signed in. */
    public IssuedToken issue(UUID userId, UUID tenantId, String plan, String role, String email) {
        var b = base(userId, tenantId, plan, role);
        if (email != null) {
            b.claim("email", email);
        }
        return sign(b, config.tokenTtlSeconds());
    }

    /**
     * An internal token (at most 300 s) for an exchanged credential; for an API key it carries {@code api_key_id},
     * {@code scope} and, when the key is limited to some knowledge bases, {@code kb_ids}.
     */
    public IssuedToken issueInternal(
            UUID userId,
            UUID tenantId,
            String plan,
            String role,
            UUID apiKeyId,
            Collection<String> scopes,
            List<String> kbIds) {
        JwtClaimsBuilder b = base(userId, tenantId, plan, role);
        if (apiKeyId != null) {
            b.claim(Claims.API_KEY_ID, apiKeyId.toString());
            b.claim(Claims.SCOPE, List.copyOf(scopes));
            if (kbIds != null) {
                b.claim(Claims.KB_IDS, List.copyOf(kbIds));
            }
        }
        return sign(b, Math.min(300, Math.max(1, config.internalTokenTtlSeconds())));
    }

    private JwtClaimsBuilder base(UUID userId, UUID tenantId, String plan, String role) {
        return Jwt.issuer(config.issuer())
                .audience(Claims.AUDIENCE)
                .subject(userId.toString())
                .claim(Claims.TENANT_ID, tenantId.toString())
                .claim(Claims.PLAN, plan)
                .groups(Set.of(role))
                .claim("jti", UUID.randomUUID().toString());
    }

    private IssuedToken sign(JwtClaimsBuilder b, int ttl) {
        var key = keys.active();
        String token = b.expiresIn(ttl).jws().keyId(key.kid()).sign(key.key());
        return new IssuedToken(token, ttl);
    }
}
