package dev.quire.tenant.auth;

import dev.quire.contracts.Claims;
import dev.quire.tenant.config.TenantConfig;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;

/** Signs Quire's RS256 access tokens with the claims of API.md. */
@ApplicationScoped
public class TokenIssuer {
    /** A signed token and its lifetime in seconds. */
    public record IssuedToken(String token, int expiresIn) {}

    private final SigningKeys keys;
    private final TenantConfig config;

    public TokenIssuer(SigningKeys keys, TenantConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public IssuedToken issue(UUID userId, UUID tenantId, String plan, String role) {
        var key = keys.active();
        String token = Jwt.issuer(config.issuer())
                .audience(Claims.AUDIENCE)
                .subject(userId.toString())
                .claim(Claims.TENANT_ID, tenantId.toString())
                .claim(Claims.PLAN, plan)
                .groups(Set.of(role))
                .claim("jti", UUID.randomUUID().toString())
                .expiresIn(config.tokenTtlSeconds())
                .jws()
                .keyId(key.kid())
                .sign(key.key());
        return new IssuedToken(token, config.tokenTtlSeconds());
    }
}
