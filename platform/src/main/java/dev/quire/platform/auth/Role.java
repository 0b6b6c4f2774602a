package dev.quire.platform.auth;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one role model: tenant roles in rising order of power (viewer < member < admin < owner), the operator's
 * {@code platform-admin} role, and the API-key scopes each role may hold. The web app's {@code session.ts} mirrors it
 * (checked by a test).
 */
public enum Role {
    VIEWER(Set.of(Scope.READ, Scope.SEARCH)),
    MEMBER(Set.of(Scope.READ, Scope.SEARCH, Scope.CHAT, Scope.UPLOAD)),
    ADMIN(Set.copyOf(Scope.ALL)),
    OWNER(Set.copyOf(Scope.ALL));

    /** The operator's role: it has no rights inside tenants' data, but counts as an owner of its own tenant. */
    public static final String PLATFORM_ADMIN = "platform-admin";

    /** The tenant roles' ids, highest first (as the API lists them). */
    public static final List<String> TENANT_ROLES = List.of("owner", "admin", "member", "viewer");

    private final Set<String> scopes;

    Role(Set<String> scopes) {
        this.scopes = scopes;
    }

    /** The id used in tokens and the API: {@code viewer}, {@code member}, {@code admin}, {@code owner}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scopes a user of this role has (a user token has all of them; an API key never more). */
    public Set<String> scopes() {
        return scopes;
    }

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role with this id; {@code platform-admin} reads as owner; null for anything else. */
    public static Role of(String id) {
        if (id == null) {
            return null;
        }
        if (PLATFORM_ADMIN.equals(id)) {
            return OWNER;
        }
        for (Role r : values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }

    /** Higher is more: viewer 1 … owner (and the operator) 4; unknown or absent roles rank 0. */
    public static int rank(String id) {
        Role r = of(id);
        return r == null ? 0 : r.ordinal() + 1;
    }

    /** The highest tenant role among a token's groups, or null when it has none (the operator inside a tenant). */
    public static Role highest(Set<String> groups) {
        Role best = null;
        for (Role r : values()) {
            if (groups.contains(r.id())) {
                best = r;
            }
        }
        return best;
    }

    /** API-key scopes: what a key may be limited to. */
    public static final class Scope {
        public static final String READ = "read";
        public static final String SEARCH = "search";
        public static final String CHAT = "chat";
        public static final String UPLOAD = "upload";
        public static final String ADMIN = "admin";
        public static final List<String> ALL = List.of(READ, SEARCH, CHAT, UPLOAD, ADMIN);
        public static final List<String> DEFAULT = List.of(READ, SEARCH, CHAT);

        private Scope() {}
    }
}
