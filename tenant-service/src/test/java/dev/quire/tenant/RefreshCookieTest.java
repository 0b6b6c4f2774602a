package dev.quire.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RefreshCookieTest {

    private static String signInCookie(String email) {
        String header = Api.signingIn(email, Api.PASSWORD)
                .then()
                .statusCode(200)
                .extract()
                .header("Set-Cookie");
        return value(header);
    }

    private static String value(String setCookie) {
        return setCookie.substring("quire_refresh=".length(), setCookie.indexOf(';'));
    }

    private static io.restassured.response.Response refresh(String cookie) {
        return given().cookie("quire_refresh", cookie).post("/api/v1/auth/refresh");
    }

    @Test
    void signInSetsAHardenedRefreshCookie() {
        var a = Api.signup();
        String header = Api.signingIn(a.email(), Api.PASSWORD)
                .then()
                .statusCode(200)
                .extract()
                .header("Set-Cookie");
        assertTrue(header.startsWith("quire_refresh=qr_"), header);
        for (String attr : new String[] {"HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"}) {
            assertTrue(header.contains(attr), "missing " + attr + " in " + header);
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("tenantName", "x", "email", Api.email(), "password", Api.PASSWORD))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .header("Set-Cookie", containsString("HttpOnly"));
    }

    @Test
    void crossSiteRefreshAndLogoutAreForbiddenAndLeaveTheSessionAlive() {
        var a = Api.signup();
        String cookie = signInCookie(a.email());
        // another site's page, by Origin or by Fetch Metadata: refused before the cookie is looked at
        given().cookie("quire_refresh", cookie)
                .header("Origin", "https://evil.example")
                .post("/api/v1/auth/refresh")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        given().cookie("quire_refresh", cookie)
                .header("Sec-Fetch-Site", "cross-site")
                .post("/api/v1/auth/refresh")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        given().cookie("quire_refresh", cookie)
                .header("Origin", "null")
                .post("/api/v1/auth/logout")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        given().cookie("quire_refresh", cookie)
                .header("Origin", "https://quire.example")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "gateway.example")
                .post("/api/v1/auth/logout")
                .then()
                .statusCode(403);
        // the session survived all of that: the own origin (as the gateway forwards it) and an allowed one work
        var r = given().cookie("quire_refresh", cookie)
                .header("Origin", "https://gateway.example")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "gateway.example")
                .header("Sec-Fetch-Site", "same-origin")
                .post("/api/v1/auth/refresh");
        r.then().statusCode(200).body("accessToken", notNullValue());
        String next = value(r.getHeader("Set-Cookie"));
        given().cookie("quire_refresh", next)
                .header("Origin", "https://app.example")
                .header("Sec-Fetch-Site", "cross-site")
                .post("/api/v1/auth/logout")
                .then()
                .statusCode(204);
        refresh(next).then().statusCode(401);
    }

    @Test
    void refreshRotatesTheCookieAndIssuesAToken() {
        var a = Api.signup();
        String first = signInCookie(a.email());
        var r = refresh(first);
        r.then().statusCode(200).body("accessToken", notNullValue()).body("tokenType", equalTo("Bearer"));
        String second = value(r.getHeader("Set-Cookie"));
        assertNotEquals(first, second);
        String token = r.jsonPath().getString("accessToken");
        Api.as(token).get("/api/v1/tenant").then().statusCode(200);
        refresh(second).then().statusCode(200);
    }

    @Test
    void reusingARotatedCookieRevokesTheWholeFamily() {
        var a = Api.signup();
        String first = signInCookie(a.email());
        var r = refresh(first);
        r.then().statusCode(200);
        String second = value(r.getHeader("Set-Cookie"));
        // an attacker replays the spent cookie: refused, and the legitimate successor dies with it
        refresh(first).then().statusCode(401).body("code", equalTo("invalid_token"));
        refresh(second).then().statusCode(401);
        // another sign-in (another family) is unaffected
        refresh(signInCookie(a.email())).then().statusCode(200);
    }

    @Test
    void logoutRevokesTheCookie() {
        var a = Api.signup();
        String cookie = signInCookie(a.email());
        given().cookie("quire_refresh", cookie)
                .post("/api/v1/auth/logout")
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
