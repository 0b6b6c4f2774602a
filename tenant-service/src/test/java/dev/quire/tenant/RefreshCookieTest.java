package dev.quire.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RefreshCookieTest {

    /** The Set-Cookie header of a successful password sign-in. */
    private static String signInHeader(String email) {
        return Api.signingIn(email, Api.PASSWORD)
                .then()
                .statusCode(200)
                .extract()
                .header("Set-Cookie");
    }

    private static String signInCookie(String email) {
        return value(signInHeader(email));
    }

    private static String value(String setCookie) {
        return setCookie.substring("quire_refresh=".length(), setCookie.indexOf(';'));
    }

    private static Response refresh(String cookie) {
        return posting("/api/v1/auth/refresh", cookie, Map.of());
    }

    /** The answer to a POST to {@code path} carrying the refresh cookie and these request headers. */
    private static Response posting(String path, String cookie, Map<String, String> headers) {
        return given().cookie("quire_refresh", cookie).headers(headers).post(path);
    }

    @Test
    void signInSetsAHardenedRefreshCookie() {
        var a = Api.signup();
        String header = signInHeader(a.email());
        assertTrue(header.startsWith("quire_refresh=qr_"), header);
        for (String attr : new String[] {"HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"}) {
            assertTrue(header.contains(attr), "missing " + attr + " in " + header);
        }
        Api.signingUp(Map.of("tenantName", "x", "email", Api.email(), "password", Api.PASSWORD))
                .then()
                .statusCode(201)
                .header("Set-Cookie", containsString("HttpOnly"));
    }

    @Test
    void crossSiteRefreshAndLogoutAreForbiddenAndLeaveTheSessionAlive() {
        var a = Api.signup();
        String cookie = signInCookie(a.email());
        // another site's page, by Origin or by Fetch Metadata: refused before the cookie is looked at
        posting("/api/v1/auth/refresh", cookie, Map.of("Origin", "https://evil.example"))
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        posting("/api/v1/auth/refresh", cookie, Map.of("Sec-Fetch-Site", "cross-site"))
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        posting("/api/v1/auth/logout", cookie, Map.of("Origin", "null"))
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        posting(
                        "/api/v1/auth/logout",
                        cookie,
                        Map.of(
                                "Origin", "https://quire.example",
                                "X-Forwarded-Proto", "https",
                                "X-Forwarded-Host", "gateway.example"))
                .then()
                .statusCode(403);
        // the session survived all of that: the own origin (as the gateway forwards it) and an allowed one work
        var r = posting(
                "/api/v1/auth/refresh",
                cookie,
                Map.of(
                        "Origin", "https://gateway.example",
                        "X-Forwarded-Proto", "https",
                        "X-Forwarded-Host", "gateway.example",
                        "Sec-Fetch-Site", "same-origin"));
        r.then().statusCode(200).body("accessToken", notNullValue());
        String next = value(r.getHeader("Set-Cookie"));
        posting("/api/v1/auth/logout", next, Map.of("Origin", "https://app.example", "Sec-Fetch-Site", "cross-site"))
                .then()
                .statusCode(204);
        refresh(next).then().statusCode(401);
    }

    /** A new account's sign-in cookie, its successful (200) refresh, and the cookie that refresh set. */
    private record Rotation(Api.Account account, String first, Response refreshed, String second) {}

    private static Rotation signInAndRefresh() {
        var a = Api.signup();
        String first = signInCookie(a.email());
        var r = refresh(first);
        r.then().statusCode(200);
        return new Rotation(a, first, r, value(r.getHeader("Set-Cookie")));
    }

    @Test
    void refreshRotatesTheCookieAndIssuesAToken() {
        var rotation = signInAndRefresh();
        rotation.refreshed().then().body("accessToken", notNullValue()).body("tokenType", equalTo("Bearer"));
        assertNotEquals(rotation.first(), rotation.second());
        String token = rotation.refreshed().jsonPath().getString("accessToken");
        Api.as(token).get("/api/v1/tenant").then().statusCode(200);
        refresh(rotation.second()).then().statusCode(200);
    }

    @Test
    void reusingARotatedCookieRevokesTheWholeFamily() {
        var rotation = signInAndRefresh();
        // an attacker replays the spent cookie: refused, and the legitimate successor dies with it
        refresh(rotation.first()).then().statusCode(401).body("code", equalTo("invalid_token"));
        refresh(rotation.second()).then().statusCode(401);
        // another sign-in (another family) is unaffected
        refresh(signInCookie(rotation.account().email())).then().statusCode(200);
    }

    @Test
    void logoutRevokesTheCookie() {
        var a = Api.signup();
        String cookie = signInCookie(a.email());
        posting("/api/v1/auth/logout", cookie, Map.of())
                .then()
                .statusCode(204)
                .header("Set-Cookie", containsString("Max-Age=0"));
        refresh(cookie).then().statusCode(401);
        given().post("/api/v1/auth/logout").then().statusCode(204);
    }

    @Test
    void refreshWithoutOrWithAForgedCookieIsUnauthorized() {
        given().post("/api/v1/auth/refresh").then().statusCode(401).contentType("application/problem+json");
        refresh("qr_forged").then().statusCode(401);
    }

    @Test
    void theRefreshCookieAuthenticatesNothingElse() {
        var a = Api.signup();
        String cookie = signInCookie(a.email());
        given().cookie("quire_refresh", cookie).get("/api/v1/tenant").then().statusCode(401);
    }
}
