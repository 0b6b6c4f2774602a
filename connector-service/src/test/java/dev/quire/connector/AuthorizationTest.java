package dev.quire.connector;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Route × role × API-key scope → status for the connector routes that exist. */
@QuarkusTest
class AuthorizationTest {
    private static final List<String> ROLES = List.of("viewer", "member", "admin", "owner");

    /** One line of the table: a route called with a token expects a status. */
    record Row(String route, String who, String token, int status) {}

    private final UUID tenant = UUID.randomUUID();

    private List<Row> table() {
        var rows = new ArrayList<Row>();
        String types = "/api/v1/connector-types";
        for (String role : ROLES) {
            rows.add(new Row(types, role, Tokens.of(tenant, role), 200));
            rows.add(new Row(types, role + " key [read]", Tokens.key(tenant, role, List.of("read"), null), 200));
        }
        for (String scope : List.of("search", "chat", "upload", "admin")) {
            rows.add(new Row(
                    types, "owner key [" + scope + "]", Tokens.key(tenant, "owner", List.of(scope), null), 403));
        }
        rows.add(new Row(types, "platform-admin", Tokens.of(tenant, "platform-admin"), 403));
        return rows;
    }

    @Test
    void everyRouteAnswersPerRoleAndScopeTable() {
        List<String> wrong = new ArrayList<>();
        List<Row> rows = table();
        for (Row row : rows) {
            Response res = given().auth().oauth2(row.token()).get(row.route());
            if (res.statusCode() != row.status()) {
                wrong.add(row.route() + " as " + row.who() + ": expected " + row.status() + ", got " + res.statusCode()
                        + " " + res.body().asString());
            } else if (row.status() == 403 && !"forbidden".equals(res.jsonPath().getString("code"))) {
                wrong.add(row.route() + " as " + row.who() + ": code "
                        + res.jsonPath().getString("code"));
            }
        }
        assertEquals(List.of(), wrong, rows.size() + " rows checked");
    }
}
