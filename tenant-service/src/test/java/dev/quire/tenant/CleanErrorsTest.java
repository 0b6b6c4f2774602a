package dev.quire.tenant;

import static dev.quire.platform.testing.Problems.problem;
import static dev.quire.platform.testing.Problems.validationFailed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.json.NulGuard;
import dev.quire.platform.testing.Hostile;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input is a clean 4xx problem+json with a stable code, never a 5xx or an empty body. */
@QuarkusTest
class CleanErrorsTest {
    @Inject
    AgroalDataSource db;

    private String token;

    @org.junit.jupiter.api.BeforeEach
    void account() {
        token = Api.signup().token();
    }

    @Test
    void nulInAnApiKeyNameIsValidationFailed() {
        validationFailed(Api.as(token)
                .contentType("application/json")
                .body("{\"name\":\"ci\\u0000key\",\"scopes\":[\"read\"]}")
                .post("/api/v1/api-keys"));
    }

    @Test
    void nulInListFiltersAndCursorsIsValidationFailed() {
        for (String query : List.of("cursor=%00", "limit=1&cursor=abc%00def", "x%00=1")) {
            validationFailed(Api.as(token).urlEncodingEnabled(false).get("/api/v1/api-keys?" + query));
        }
        validationFailed(Api.as(token).urlEncodingEnabled(false).get("/api/v1/usage?granularity=day%00"));
    }

    @Test
    void datesAndCursorsOutsideTheYears1To9999AreValidationFailed() {
        String farCursor = java.util.Base64.getUrlEncoder()
                .encodeToString(("+999999999-12-31T00:00:00Z|" + java.util.UUID.randomUUID())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String path : List.of(
                "/api/v1/usage?to=-999999999-01-01T00:00:00Z",
                "/api/v1/usage/users?to=%2B999999999-12-31T00:00:00Z",
                "/api/v1/audit-events?from=%2B999999999-12-31T00:00:00Z",
                "/api/v1/audit-events?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z", // a range backwards
                "/api/v1/api-keys?cursor=" + farCursor)) {
            validationFailed(Api.as(token).urlEncodingEnabled(false).get(path));
        }
        // the positive control: an ordinary range is answered
        Api.as(token).get("/api/v1/usage?from=2026-01-01&to=2026-02-01").then().statusCode(200);
        Api.as(token)
                .get("/api/v1/audit-events?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z")
                .then()
                .statusCode(200);
    }

    @Test
    void malformedJsonWrongTypesDuplicateKeysAndTrailingTokensAreValidationFailed() {
        for (String body : Hostile.malformedJson(
                "name",
                "not json",
                "{\"name\":{\"nested\":true},\"scopes\":\"read\"}",
                "{\"name\":\"a\",\"name\":\"b\",\"scopes\":[\"read\"]}",
                "{\"name\":\"a\",\"scopes\":[\"read\"]} {}",
                "{\"name\":123,\"scopes\":[\"read\"]}")) {
            validationFailed(
                    Api.as(token).contentType("application/json").body(body).post("/api/v1/api-keys"));
        }
    }

    @Test
    void deepJsonNestingIsValidationFailed() {
        validationFailed(Api.as(token)
                .contentType("application/json")
                .body("[".repeat(50_000) + "]".repeat(50_000))
                .post("/api/v1/api-keys"));
    }

    @Test
    void aLimitThatIsNotAWholeNumberOrOutOfRangeIsRefusedNamingIt() {
        for (String limit : List.of("abc", "1.5", "99999999999", "0", "201")) {
            problem(Api.as(token).get("/api/v1/api-keys?limit=" + limit), 400, "validation_failed")
                    .body("errors[0].field", equalTo("limit"));
        }
        problem(Api.as(token).get("/api/v1/usage/users?limit=x"), 400, "validation_failed");
        // the positive control: the bounds themselves and an empty value (no limit) are answered
        for (String limit : List.of("1", "200", "")) {
            Api.as(token).get("/api/v1/api-keys?limit=" + limit).then().statusCode(200);
        }
    }

    @Test
    void nonUuidIdsAnswerAProblemWithACode() {
        problem(given().auth().oauth2(token).delete("/api/v1/api-keys/not-a-uuid"), 404, "not_found");
    }

    @Test
    void unsupportedMediaTypeAndUnknownMethodAnswerAProblem() {
        given().auth()
                .oauth2(token)
                .contentType("text/plain")
                .body("x")
                .post("/api/v1/api-keys")
                .then()
                .statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("code", not(emptyOrNullString()));
        problem(given().auth().oauth2(token).put("/api/v1/api-keys"), 405, "method_not_allowed");
    }

    /** The last wall: whatever NUL still reaches PostgreSQL is recognised (and answered 400 by ProblemMapper). */
    @Test
    void postgresRefusingNulIsRecognisedAsBadInput() throws Exception {
        try (var c = db.getConnection()) {
            var text = assertRefused(() -> {
                try (var s = c.prepareStatement("select ?::text")) {
                    s.setString(1, "a\u0000b");
                    s.executeQuery();
                }
            });
            assertTrue(NulGuard.isNulRejection(new RuntimeException(text)), text.toString());
            var jsonb =
                    assertRefused(() -> c.createStatement().executeQuery("select '{\"a\":\"\\u0000\"}'::jsonb->>'a'"));
            assertTrue(NulGuard.isNulRejection(jsonb), jsonb.toString());
            var other = assertRefused(() -> c.createStatement().executeQuery("selec 1"));
            assertFalse(NulGuard.isNulRejection(other), other.toString());
        }
    }

    interface Sql {
        void run() throws SQLException;
    }

    private static SQLException assertRefused(Sql sql) {
        try {
            sql.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("PostgreSQL accepted it");
    }
}
