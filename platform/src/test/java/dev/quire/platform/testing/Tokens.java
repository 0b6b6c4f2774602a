package dev.quire.platform.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Real RS256 tokens signed with the test key ({@code testPrivateKey.pem} in this test-jar), shaped like the gateway's
 * service tokens: tenant, user, role as the only group, the plan, and for API keys their id, scopes and knowledge bases.
 */
public final class Tokens {
    private Tokens() {}

    public static String of(UUID tenantId, String role) {
        return of(tenantId, UUID.randomUUID(), role);
    }

    public static String of(UUID tenantId, UUID userId, String role) {
        return expiring(tenantId, userId, role, 600);
    }

    public static String expiring(UUID tenantId, UUID userId, String role, long seconds) {
        return base(tenantId, userId, role).expiresIn(seconds).sign();
    }

    /** A token as the gateway signs it: the plan's storage limits as claims. */
    public static String limited(UUID tenantId, UUID userId, String role, String maxDocuments, String maxStorageMb) {
        return base(tenantId, userId, role)
                .claim("max_documents", Integer.parseInt(maxDocuments))
                .claim("max_storage_mb", Integer.parseInt(maxStorageMb))
                .expiresIn(600)
                .sign();
    }

    /** An API key's token: the creating user's role, the key's scopes and (null: all) knowledge bases. */
    public static String key(UUID tenantId, String role, List<String> scopes, Collection<?> kbIds) {
        return key(tenantId, UUID.randomUUID(), UUID.randomUUID(), role, scopes, kbIds);
    }

    /** The same for a known user (the key's creator). */
    public static String userKey(UUID tenantId, UUID userId, String role, List<String> scopes, Collection<?> kbIds) {
        return key(tenantId, userId, UUID.randomUUID(), role, scopes, kbIds);
    }

    public static String key(
            UUID tenantId, UUID userId, UUID apiKeyId, String role, List<String> scopes, Collection<?> kbIds) {
        var b = base(tenantId, userId, role)
                .claim("api_key_id", apiKeyId.toString())
                .claim("scope", scopes);
        if (kbIds != null) {
            b = b.claim("kb_ids", kbIds.stream().map(Object::toString).toList());
        }
        return b.expiresIn(300).sign();
    }

    private static JwtClaimsBuilder base(UUID tenantId, UUID userId, String role) {
        return Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject(userId.toString())
                .claim("tenant_id", tenantId.toString())
                .claim("plan", "free")
                .groups(Set.of(role));
    }
}
