package dev.quire.chat.api;

import dev.quire.contracts.Claims;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, taken only from the verified token: tenant, user, role and, for an API key, its id, scopes and
 * knowledge bases ({@code null} scopes or kbIds mean "everything the role allows").
 */
public record Caller(
        UUID tenantId, UUID userId, Set<String> roles, UUID apiKeyId, Set<String> scopes, Set<UUID> kbIds) {

    public static final String VIEWER = "viewer";
    public static final String MEMBER = "member";
    public static final String ADMIN = "admin";
    public static final String OWNER = "owner";

    public static final String SCOPE_READ = "read";
    public static final String SCOPE_CHAT = "chat";

    private static final Map<String, Integer> RANK = Map.of(VIEWER, 1, MEMBER, 2, ADMIN, 3, OWNER, 4);

    public static Caller from(JsonWebToken jwt) {
        String tenant = jwt.getClaim(Claims.TENANT_ID);
        if (tenant == null || jwt.getSubject() == null) {
            throw new ApiException(401, "invalid_token", "token lacks tenant_id or sub");
        }
        try {
            String keyId = claimString(jwt.getClaim(Claims.API_KEY_ID));
            List<String> scopes = strings(jwt.getClaim(Claims.SCOPE));
            List<String> kbs = strings(jwt.getClaim(Claims.KB_IDS));
            Set<UUID> kbIds = null;
            if (kbs != null) {
                kbIds = new LinkedHashSet<>();
                for (String kb : kbs) {
                    kbIds.add(UUID.fromString(kb));
                }
            }
            return new Caller(
                    UUID.fromString(tenant),
                    UUID.fromString(jwt.getSubject()),
                    jwt.getGroups() == null ? Set.of() : Set.copyOf(jwt.getGroups()),
                    keyId == null ? null : UUID.fromString(keyId),
                    scopes == null ? null : Set.copyOf(scopes),
                    kbIds == null ? null : Set.copyOf(kbIds));
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "invalid_token", "token claims are malformed");
        }
    }

    /** The highest tenant role the token carries (0 when none: platform-admin has no role inside tenants). */
    public int rank() {
        return roles.stream().mapToInt(r -> RANK.getOrDefault(r, 0)).max().orElse(0);
    }

    /** Role at least {@code minRole} and, for an API key, the scope too. */
    public boolean can(String minRole, String scope) {
        return rank() >= RANK.get(minRole) && (scopes == null || scopes.contains(scope));
    }

    /** Throws 403 {@code forbidden} unless {@link #can}. */
    public void require(String minRole, String scope) {
        if (!can(minRole, scope)) {
            throw new ApiException(
                    403,
                    "forbidden",
                    rank() >= RANK.get(minRole)
                            ? "this API key lacks the '" + scope + "' scope"
                            : "your role does not allow this");
        }
    }

    /** Whether a knowledge base is inside the key's {@code kb_ids} (always for user tokens). */
    public boolean canSee(UUID kbId) {
        return kbIds == null || kbIds.contains(kbId);
    }

    private static String claimString(Object claim) {
        if (claim == null) {
            return null;
        }
        return claim instanceof JsonString s ? s.getString() : claim.toString();
    }

    /** A claim that is a JSON array (or, OAuth-style, a space-separated string); null when absent. */
    private static List<String> strings(Object claim) {
        if (claim == null) {
            return null;
        }
        if (claim instanceof JsonArray arr) {
            return arr.stream()
                    .map(v -> v instanceof JsonString s ? s.getString() : v.toString())
                    .toList();
        }
        if (claim instanceof Collection<?> c) {
            return c.stream().map(Caller::claimString).toList();
        }
        String s = claimString(claim).strip();
        return s.isEmpty() ? List.of() : List.of(s.split("[\\s,]+"));
    }
}
