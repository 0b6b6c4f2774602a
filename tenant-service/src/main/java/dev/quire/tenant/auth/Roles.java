package dev.quire.tenant.auth;

import dev.quire.platform.auth.Role;
import java.util.List;
import java.util.Set;

/**
 * The role ids tenant-service stores and compares as strings; the ladder and the scopes each role allows are the
 * platform's one {@link Role} model.
 */
public final class Roles {
    public static final String OWNER = "owner";
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String VIEWER = "viewer";
    public static final String PLATFORM_ADMIN = Role.PLATFORM_ADMIN;

    public static final List<String> TENANT_ROLES = Role.TENANT_ROLES;
    public static final List<String> ALL_SCOPES = Role.Scope.ALL;
    public static final List<String> DEFAULT_SCOPES = Role.Scope.DEFAULT;

    private Roles() {}

    /** Higher is more; the operator counts as an owner of its own tenant; unknown roles rank 0. */
    public static int rank(String role) {
        return Role.rank(role);
    }

    public static boolean atLeast(String role, String minimum) {
        return rank(role) >= rank(minimum);
    }

    /** The scopes a role has (a user token has all of them; a key never more). */
    public static Set<String> scopesOf(String role) {
        Role r = Role.of(role);
        return r == null ? Set.of() : r.scopes();
    }
}
