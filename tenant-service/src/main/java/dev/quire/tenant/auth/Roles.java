package dev.quire.tenant.auth;

import java.util.List;
import java.util.Set;

/** The role ladder (owner > admin > member > viewer), the operator role, and the API-key scopes each role allows. */
public final class Roles {
    public static final String OWNER = "owner";
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String VIEWER = "viewer";
    public static final String PLATFORM_ADMIN = "platform-admin";

    public static final List<String> TENANT_ROLES = List.of(OWNER, ADMIN, MEMBER, VIEWER);
    public static final List<String> ALL_SCOPES = List.of("read", "search", "chat", "upload", "admin");
    public static final List<String> DEFAULT_SCOPES = List.of("read", "search", "chat");

    private Roles() {}

    /** Higher is more; the operator counts as an owner of its own tenant; unknown roles rank 0. */
    public static int rank(String role) {
        if (role == null) {
            return 0;
        }
        return switch (role) {
            case OWNER, PLATFORM_ADMIN -> 4;
            case ADMIN -> 3;
            case MEMBER -> 2;
            case VIEWER -> 1;
            default -> 0;
        };
    }

    public static boolean atLeast(String role, String minimum) {
        return rank(role) >= rank(minimum);
    }

    /** The scopes a role has (a user token has all of them; a key never more). */
    public static Set<String> scopesOf(String role) {
        int r = rank(role);
        if (r >= 3) {
            return Set.copyOf(ALL_SCOPES);
        }
        if (r == 2) {
            return Set.of("read", "search", "chat", "upload");
        }
        if (r == 1) {
            return Set.of("read", "search");
        }
        return Set.of();
    }
}
