package dev.quire.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * A service's authorization table: route × role × API-key scope and knowledge bases → status, one {@link Row} a line,
 * and the check that calls every line.
 */
public final class AccessTable {
    /** The tenant roles, lowest first (the order of a route's per-role statuses). */
    public static final List<String> ROLES = List.of("viewer", "member", "admin", "owner");
    /** Every API-key scope. */
    public static final List<String> ALL_SCOPES = List.of("read", "search", "chat", "upload", "admin");

    private AccessTable() {}

    /** One line of the table: a route called with a token expects a status. */
    public record Row<R>(R route, String who, String token, int status) {}

    /**
     * Two rows expecting {@code status}: a user of {@code tenant} with {@code role} (named {@code who}), and the same
     * role's API key holding every scope (named {@code who + " key"}).
     */
    public static <R> void addUserAndKey(List<Row<R>> rows, R route, String who, UUID tenant, String role, int status) {
        rows.add(new Row<>(route, who, Tokens.of(tenant, role), status));
        rows.add(new Row<>(route, who + " key", Tokens.key(tenant, role, ALL_SCOPES, null), status));
    }

    /**
     * For each route, a user of {@code tenant} in each role and that role's key holding every scope; {@code byRole}
     * gives a route's statuses in {@link #ROLES} order.
     */
    public static <R> void addUserAndKeyPerRole(List<Row<R>> rows, R[] routes, UUID tenant, Function<R, int[]> byRole) {
        for (R r : routes) {
            int[] statuses = byRole.apply(r);
            for (int i = 0; i < ROLES.size(); i++) {
                addUserAndKey(rows, r, ROLES.get(i), tenant, ROLES.get(i), statuses[i]);
            }
        }
    }

    /**
     * For each scope, an owner's key of the tenant holding only that scope, on every route; {@code byScope} gives a
     * scope's statuses in route (ordinal) order.
     */
    public static <R extends Enum<R>> void addOwnerKeyPerScope(
            List<Row<R>> rows, R[] routes, UUID tenant, Map<String, int[]> byScope) {
        byScope.forEach((scope, expected) -> {
            for (R r : routes) {
                rows.add(new Row<>(
                        r,
                        "owner key [" + scope + "]",
                        Tokens.key(tenant, "owner", List.of(scope), null),
                        expected[r.ordinal()]));
            }
        });
    }

    /**
     * Calls every row in order; fails listing each row answered with another status, or refused without its code
     * ({@code not_found} for a 404, else {@code forbidden}).
     */
    public static <R> void assertEveryRow(List<Row<R>> rows, Function<Row<R>, Response> call) {
        List<String> wrong = new ArrayList<>();
        for (Row<R> row : rows) {
            Response res = call.apply(row);
            if (res.statusCode() != row.status()) {
                wrong.add(row.route() + " as " + row.who() + ": expected " + row.status() + ", got " + res.statusCode()
                        + " " + res.body().asString());
            } else if (row.status() >= 400) {
                String code = res.jsonPath().getString("code");
                String want = row.status() == 404 ? "not_found" : "forbidden";
                if (!want.equals(code)) {
                    wrong.add(row.route() + " as " + row.who() + ": code " + code + " instead of " + want);
                }
            }
        }
        assertEquals(List.of(), wrong, rows.size() + " rows checked");
    }
}
