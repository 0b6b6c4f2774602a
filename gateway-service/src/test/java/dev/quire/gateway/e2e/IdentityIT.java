package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.gateway.Refused;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Identity through the gateway against the real tenant-service: tenant status, API keys, plan changes. */
class IdentityIT {
    private static String admin;

    @BeforeAll
    static void setUp() {
        Platform.useGateway();
        admin = Platform.adminToken();
    }

    /** A route whose service does not look at tenant status itself: only the gateway can refuse it. */
    private static int knowledgeStatus(String token) {
        return status(token, "/api/v1/knowledge-bases");
    }

    private static int tenantStatus(String token) {
        return status(token, "/api/v1/tenant");
    }

    /** The status {@code GET path} is answered with for the token. */
    private static int status(String token, String path) {
        return given().auth().oauth2(token).get(path).then().extract().statusCode();
    }

    /** The token is refused within the seconds given, as {@code invalid_token}. */
    private static void awaitRefused(String token, int seconds) {
        await().atMost(Duration.ofSeconds(seconds)).until(() -> knowledgeStatus(token) == 401);
        Refused.asInvalidToken(token);
    }

    /** A password sign-in: the access token and the refresh cookie. */
    private record Session(String accessToken, String refreshCookie) {}

    private static Session signIn(String email, String password) {
        var r = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/api/v1/auth/token")
                .then()
                .statusCode(200)
                .extract();
        return new Session(r.path("accessToken"), r.cookie("quire_refresh"));
    }

    /** A token's iat counts in whole seconds: what is ended is what was issued in an earlier second. */
    private static void nextSecond() throws InterruptedException {
        Thread.sleep(1100);
    }

    @Test
    void signingOutEndsTheAccessTokenTooAndAnotherDeviceRenewsItsOwn() throws Exception {
        var t = Platform.tenant(admin, "Signs out", "free");
        var laptop = signIn(t.ownerEmail(), Platform.PASSWORD);
        var phone = signIn(t.ownerEmail(), Platform.PASSWORD);
        // the positive control: both work before the sign-out
        assertEquals(200, knowledgeStatus(laptop.accessToken()));
        assertEquals(200, knowledgeStatus(phone.accessToken()));
        nextSecond();
        given().cookie("quire_refresh", laptop.refreshCookie())
                .post("/api/v1/auth/logout")
                .then()
                .statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> knowledgeStatus(laptop.accessToken()) == 401);
        assertEquals(401, knowledgeStatus(phone.accessToken()));
        // the laptop's refresh token is spent; the phone renews with its own and goes on
        given().cookie("quire_refresh", laptop.refreshCookie())
                .post("/api/v1/auth/refresh")
                .then()
                .statusCode(401);
        String renewed = given().cookie("quire_refresh", phone.refreshCookie())
                .post("/api/v1/auth/refresh")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        assertEquals(200, knowledgeStatus(renewed));
    }

    @Test
    void changingThePasswordEndsTheTokensIssuedBefore() throws Exception {
        var t = Platform.tenant(admin, "Changes its password", "free");
        assertEquals(200, knowledgeStatus(t.ownerToken())); // the positive control
        nextSecond();
        String next = "new-" + java.util.UUID.randomUUID();
        String renewed = given().auth()
                .oauth2(t.ownerToken())
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Platform.PASSWORD, "newPassword", next))
                .post("/api/v1/auth/password")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        awaitRefused(t.ownerToken(), 10);
        // the session that changed it goes on with the token it got (issued in the same second), and a sign-in with
        // the new password is a working session too
        assertEquals(200, knowledgeStatus(renewed));
        assertEquals(200, knowledgeStatus(signIn(t.ownerEmail(), next).accessToken()));
    }

    private static io.restassured.response.Response changePassword(String token, String current) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", "new-" + java.util.UUID.randomUUID()))
                .post("/api/v1/auth/password");
    }

    @Test
    void guessingTheCurrentPasswordWithAStolenTokenIsLimitedPerUser() {
        var t = Platform.tenant(admin, "Guessed", "pro"); // 600 requests a minute: only the per-user limit can refuse
        var other = Platform.tenant(admin, "Not guessed", "pro");
        int wrong = 0;
        io.restassured.response.Response limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            var r = changePassword(t.ownerToken(), "guess-" + i);
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertEquals(400, r.statusCode(), r.asString());
                wrong++;
            }
        }
        assertTrue(limited != null, "30 guesses in a row were all answered");
        assertTrue(wrong >= 1, "the first guesses are judged");
        assertEquals("rate_limited", limited.path("code"));
        assertTrue(limited.header("Retry-After") != null);
        // the limit is the guessed user's: another user's change is still judged
        changePassword(other.ownerToken(), "guess").then().statusCode(400);
    }

    @Test
    void tokensOfSuspendedAndDeletedTenantsAreRefusedWithinSeconds() {
        var t = Platform.tenant(admin, "Soon suspended", "free");
        assertEquals(200, tenantStatus(t.ownerToken()));
        Platform.status(admin, t.id(), "suspended");
        awaitRefused(t.ownerToken(), 5);
        Platform.status(admin, t.id(), "active");
        await().atMost(Duration.ofSeconds(5)).until(() -> knowledgeStatus(t.ownerToken()) == 200);
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/admin/tenants/" + t.id())
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> knowledgeStatus(t.ownerToken()) == 401);
        assertEquals(401, tenantStatus(t.ownerToken()));
    }

    @Test
    void apiKeyWorksThroughTheGatewayAndItsRevocationIsVisibleWithinSeconds() {
        var t = Platform.tenant(admin, "Key holder", "pro");
        var created = Platform.apiKey(t.ownerToken(), Map.of("name", "ci"))
                .body("secret", startsWith("qk_"))
                .extract();
        String key = created.path("secret");
        String id = created.path("id");
        given().auth().oauth2(key).get("/api/v1/knowledge-bases").then().statusCode(200);
        given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body(Map.of("query", "anything"))
                .post("/api/v1/search")
                .then()
                .statusCode(200);
        // the secret is never shown again
        given().auth()
                .oauth2(t.ownerToken())
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("items[0].secret", org.hamcrest.Matchers.nullValue())
                .body("items[0].lastUsedAt", org.hamcrest.Matchers.notNullValue());
        given().auth()
                .oauth2(t.ownerToken())
                .delete("/api/v1/api-keys/" + id)
                .then()
                .statusCode(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> knowledgeStatus(key) == 401);
    }

    @Test
    void planLimitChangesApplyWithoutRestart() {
        var t = Platform.tenant(admin, "Plan changer", "pro");
        Platform.limits(admin, t.id(), Map.of("requestsPerMinute", 3));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            int refused = 0;
            for (int i = 0; i < 5; i++) {
                if (tenantStatus(t.ownerToken()) == 429) {
                    refused++;
                }
            }
            return refused > 0;
        });
        Platform.limits(admin, t.id(), Map.of("requestsPerMinute", 100000));
        await().atMost(Duration.ofSeconds(5)).until(() -> tenantStatus(t.ownerToken()) == 200);
        given().auth()
                .oauth2(t.ownerToken())
                .get("/api/v1/tenant")
                .then()
                .statusCode(200)
                .header("RateLimit-Limit", "100000");
    }
}
