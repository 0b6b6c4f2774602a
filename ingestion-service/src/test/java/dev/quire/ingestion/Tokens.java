package dev.quire.ingestion;

import io.smallrye.jwt.build.Jwt;
import java.util.Collection;
import java.util.List;
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

    /** A token as the gateway signs it: the plan's storage limits as claims. */
    static String limited(UUID tenantId, UUID userId, String role, String maxDocuments, String maxStorageMb) {
        return Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject(userId.toString())
                .claim("tenant_id", tenantId.toString())
                .claim("plan", "free")
                .claim("max_documents", Integer.parseInt(maxDocuments))
                .claim("max_storage_mb", Integer.parseInt(maxStorageMb))
                .groups(Set.of(role))
                .expiresIn(600)
                .sign();
    }

    /** An API key's internal token: the creating user's role, the key's scopes and (null: all) knowledge bases. */
    static String key(UUID tenantId, UUID apiKeyId, String role, List<String> scopes, Collection<?> kbIds) {
        var b = Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject(UUID.randomUUID().toString())
                .claim("tenant_id", tenantId.toString())
                .claim("plan", "free")
                .groups(Set.of(role))
                .claim("api_key_id", apiKeyId.toString())
                .claim("scope", scopes);
        if (kbIds != null) {
            b = b.claim("kb_ids", kbIds.stream().map(Object::toString).toList());
        }
        return b.expiresIn(300).sign();
    }

    static String key(UUID tenantId, String role, List<String> scopes, Collection<?> kbIds) {
        return key(tenantId, UUID.randomUUID(), role, scopes, kbIds);
    }
}
