package dev.quire.chat;

import io.smallrye.jwt.build.Jwt;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Real RS256 tokens signed with the test key, shaped like tenant-service's (user tokens and API-key tokens). */
final class Tokens {
    private Tokens() {}

    static String of(UUID tenantId, UUID userId, String role) {
        return expiring(tenantId, userId, role, 600);
    }

    static String expiring(UUID tenantId, UUID userId, String role, long seconds) {
        return Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject(userId.toString())
                .claim("tenant_id", tenantId.toString())
                .claim("plan", "free")
                .groups(Set.of(role))
                .expiresIn(seconds)
                .sign();
    }

    /** An internal token for an API key: the creator's role, the key's scopes and (null = all) knowledge bases. */
    static String key(UUID tenantId, UUID userId, String role, List<String> scopes, Collection<UUID> kbIds) {
        var b = Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject(userId.toString())
                .claim("tenant_id", tenantId.toString())
                .claim("plan", "free")
                .claim("api_key_id", UUID.randomUUID().toString())
                .claim("scope", scopes)
                .groups(Set.of(role))
                .expiresIn(300);
        if (kbIds != null) {
            b = b.claim("kb_ids", kbIds.stream().map(UUID::toString).toList());
        }
        return b.sign();
    }
}
