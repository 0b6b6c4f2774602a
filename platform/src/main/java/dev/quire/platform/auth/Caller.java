package dev.quire.platform.auth;

import dev.quire.contracts.Claims;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.runtime.TenantSpan;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling a service, taken only from the gateway's verified service token: tenant, user, roles, and for an API
 * key its id, scopes ({@code null}: a user token, all scopes of its role) and knowledge bases ({@code null}: all of
 * the tenant's).
 */
public record Caller(
        UUID tenantId, UUID userId, Set<String> roles, UUID apiKeyId, Set<String> scopes, Set<UUID> kbIds) {

    public static Caller from(JsonWebToken jwt) {
        String tenant = jwt.getClaim(Claims.TENANT_ID);
        if (tenant == null || jwt.getSubject() == null) {
            throw new ApiException(401, "invalid_token", "token lacks tenant_id or sub");
        }
        try {
            Set<String> kbs = strings(jwt.getClaim(Claims.KB_IDS));
            Set<UUID> kbIds = null;
            if (kbs != null) {
                kbIds = new LinkedHashSet<>();
                for (String k : kbs) {
                    kbIds.add(UUID.fromString(k));
                }
            }
            Set<String> key = strings(jwt.getClaim(Claims.API_KEY_ID));
            UUID apiKeyId = key == null || key.isEmpty()
                    ? null
                    : UUID.fromString(key.iterator().next());
            Set<String> groups = jwt.getGroups() == null ? Set.of() : Set.copyOf(jwt.getGroups());
            TenantSpan.mark(UUID.fromString(tenant));
            return new Caller(
                    UUID.fromString(tenant),
                    UUID.fromString(jwt.getSubject()),
                    groups,
                    apiKeyId,
                    strings(jwt.getClaim(Claims.SCOPE)),
                    kbIds);
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "invalid_token", "token has a malformed id");
        }
    }

    /** The caller's highest tenant role, or null when it has none. */
    public Role role() {
        return Role.highest(roles);
    }

    /** Whether the caller's role is {@code role} or above. */
    public boolean has(Role role) {
        Role mine = role();
        return mine != null && mine.atLeast(role);
    }

    /** Whether the token allows {@code scope}; a user token allows every scope (its role still limits it). */
    public boolean hasScope(String scope) {
        return scopes == null || scopes.contains(scope);
    }

    /** Role at least {@code role} and, for an API key, the scope too. */
    public boolean can(Role role, String scope) {
        return has(role) && hasScope(scope);
    }

    /** Throws 403 {@code forbidden} unless the caller has at least {@code role} and the token allows {@code scope}. */
    public void require(Role role, String scope) {
        if (!has(role)) {
            throw ApiException.forbidden("this needs the " + role.id() + " role or above");
        }
        if (!hasScope(scope)) {
            throw ApiException.forbidden("this API key lacks the '" + scope + "' scope");
        }
    }

    /**
     * Throws 403 {@code forbidden} for an API key restricted to knowledge bases: what this does reaches the whole
     * tenant (a new knowledge base is outside every key's list the moment it is made).
     */
    public void requireTenantWide() {
        if (kbIds != null) {
            throw ApiException.forbidden("not available to an API key restricted to knowledge bases");
        }
    }

    /** Whether the token may see this knowledge base (an API key may be limited to some). */
    public boolean canSee(UUID kbId) {
        return kbIds == null || kbIds.contains(kbId);
    }

    public boolean canWrite() {
        return has(Role.MEMBER);
    }

    /** Who acted, for the audit log: the user, and the API key when one was used. */
    public AuditRecorded.Actor actor() {
        return new AuditRecorded.Actor(userId, apiKeyId);
    }

    /** A claim as a set of strings: a JSON array, a collection, or a space-separated string; null when absent. */
    static Set<String> strings(Object claim) {
        if (claim == null || claim == JsonValue.NULL) {
            return null;
        }
        var out = new LinkedHashSet<String>();
        if (claim instanceof JsonArray a) {
            for (JsonValue v : a) {
                out.add(v instanceof JsonString s ? s.getString() : v.toString());
            }
        } else if (claim instanceof Collection<?> c) {
            c.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : String.valueOf(v)));
        } else {
            String s = claim instanceof JsonString js ? js.getString() : claim.toString();
            for (String part : s.trim().split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }
}
