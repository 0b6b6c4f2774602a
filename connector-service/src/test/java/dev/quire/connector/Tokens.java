package dev.quire.connector;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;
import java.util.UUID;

/** Real RS256 tokens signed with the test key, shaped like tenant-service's. */
final class Tokens {
    private Tokens() {}

    static String of(UUID tenantId, String role) {
        return Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject(UUID.randomUUID().toString())
                .claim("tenant_id", tenantId.toString())
                .claim("plan", "free")
                .groups(Set.of(role))
                .expiresIn(600)
                .sign();
    }
}
