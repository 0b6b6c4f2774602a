package dev.quire.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthFlowTest {
    private static Map<String, String> signup(String email) {
        return Map.of("tenantName", "Acme", "email", email, "password", "correct horse battery");
    }

    @Test
    void signupReturnsTokenWithQuireClaims() throws Exception {
        var body = Api.signingUp(signup(Api.email()))
                .then()
                .statusCode(201)
                .body("tenantId", notNullValue())
                .body("expiresIn", equalTo(3600))
                .extract()
                .jsonPath();
        JsonNode claims = Api.claims(body.getString("accessToken"));
        assertEquals(body.getString("tenantId"), claims.get("tenant_id").asText());
        assertEquals(body.getString("userId"), claims.get("sub").asText());
        assertEquals(
                "quire",
                claims.get("aud").isArray()
                        ? claims.get("aud").get(0).asText()
                        : claims.get("aud").asText());
        assertEquals("free", claims.get("plan").asText());
        assertEquals("owner", claims.get("groups").get(0).asText());
        assertTrue(claims.hasNonNull("jti") && claims.hasNonNull("exp") && claims.hasNonNull("iat"));
    }

    @Test
    void signingUpWithARegisteredEmailAnswersLikeANewOneAndLeavesTheFirstAccountAlone() throws Exception {
        String email = Api.email();
        var first =
                Api.signingUp(signup(email)).then().statusCode(201).extract().jsonPath();
        // the same status and fields as any sign-up: nothing tells that the address is registered
        var second = Api.signingUp(
                        Map.of("tenantName", "Other", "email", email.toUpperCase(), "password", "another password"))
                .then()
                .statusCode(201)
                .header("Set-Cookie", org.hamcrest.Matchers.startsWith("quire_refresh=qr_"))
                .extract()
                .jsonPath();
        assertEquals(
                new java.util.TreeSet<>(first.getMap("$").keySet()),
                new java.util.TreeSet<>(second.getMap("$").keySet()));
        assertTrue(!first.getString("tenantId").equals(second.getString("tenantId")), "a tenant of its own");
        // each password opens its own account; the first one is unchanged
        String firstLogin = Api.signingIn(email, "correct horse battery")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        assertEquals(
                first.getString("tenantId"),
                Api.claims(firstLogin).get("tenant_id").asText());
        String secondLogin = Api.signingIn(email, "another password")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        assertEquals(
                second.getString("tenantId"),
                Api.claims(secondLogin).get("tenant_id").asText());
        Api.signingIn(email, "a third password").then().statusCode(401).body("code", equalTo("invalid_credentials"));
    }

    @Test
    void anAddressAndPasswordOpeningTwoWorkspacesAreOfferedBoth() throws Exception {
        String email = Api.email();
        String oldest = Api.signingUp(Map.of("tenantName", "Acme Review", "email", email, "password", "one password"))
                .then()
                .statusCode(201)
                .extract()
                .path("tenantId");
        String newer = Api.signingUp(Map.of("tenantName", "Acme Labs", "email", email, "password", "one password"))
                .then()
                .statusCode(201)
                .extract()
                .path("tenantId");
        var first = Api.signingIn(email, "one password")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                oldest,
                Api.claims(first.getString("accessToken")).get("tenant_id").asText());
        assertEquals(List.of(oldest, newer), first.getList("workspaces.tenantId"));
        assertEquals(List.of("Acme Review", "Acme Labs"), first.getList("workspaces.name"));
        assertEquals(List.of("owner", "owner"), first.getList("workspaces.role"));
        // the newer one, named
        var chosen = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "one password", "tenantId", newer))
                .post("/api/v1/auth/token")
                .then()
                .statusCode(200)
                .body("$", not(hasKey("workspaces")))
                .extract()
                .jsonPath();
        assertEquals(
                newer,
                Api.claims(chosen.getString("accessToken")).get("tenant_id").asText());
        // one workspace: nothing to choose
        String single = Api.email();
        Api.signingUp(signup(single)).then().statusCode(201);
        Api.signingIn(single, "correct horse battery").then().statusCode(200).body("$", not(hasKey("workspaces")));
    }

    @Test
    void passwordSignInIssuesTokenAndWrongPasswordIsUnauthorized() {
        String email = Api.email();
        Api.signingUp(signup(email)).then().statusCode(201);
        Api.signingIn(email, "correct horse battery")
                .then()
                .statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("accessToken", notNullValue());
        Api.signingIn(email, "wrong horse battery").then().statusCode(401).body("code", equalTo("invalid_credentials"));
        Api.signingIn("nobody-" + email, "whatever1").then().statusCode(401);
    }

    @Test
    void storedPasswordIsHashedNotPlain() {
        // the hash format is checked through sign-in with a password differing only in case
        String email = Api.email();
        Api.signingUp(signup(email)).then().statusCode(201);
        Api.signingIn(email, "CORRECT HORSE BATTERY").then().statusCode(401);
    }

    @Test
    void aCommonPasswordARunOrTheAddressItselfIsRefused() {
        String email = "sam.jones.quire@example.com";
        for (String weak : List.of(
                "password", " password ", "Password1", "12345678", "aaaaaaaaaa", "abcdefgh", "qwertyuiop", email)) {
            Api.signingUp(Map.of("tenantName", "x", "email", email, "password", weak))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("validation_failed"))
                    .body("detail", org.hamcrest.Matchers.containsString("password"));
        }
        // the positive control: a passphrase of the same address is taken
        Api.signingUp(Map.of("tenantName", "x", "email", Api.email(), "password", "plum orchard ladder"))
                .then()
                .statusCode(201);
    }

    @Test
    void weakSignupIsRejectedWithProblem() {
        Api.signingUp(Map.of("tenantName", "x", "email", "not-an-email", "password", "longenough"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"));
        Api.signingUp(Map.of("tenantName", "x", "email", Api.email(), "password", "short"))
                .then()
                .statusCode(400);
        Api.signingUp(Map.of("tenantName", "x", "email", Api.email(), "password", "longenough", "plan", "enterprise"))
                .then()
                .statusCode(400);
    }

    @Test
    void jwksPublishesTheSigningKeyAndTokensVerifyAgainstIt() {
        String token = Api.signingUp(signup(Api.email()))
                .then()
                .statusCode(201)
                .extract()
                .path("accessToken");
        given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .body("keys.kty", hasItem("RSA"))
                .body("keys.alg", hasItem("RS256"));
        given().auth()
                .oauth2(token)
                .get("/api/v1/tenant")
                .then()
                .statusCode(200)
                .body("plan", equalTo("free"))
                .body("limits.concurrentStreams", equalTo(2));
        given().auth()
                .oauth2(token + "x")
                .get("/api/v1/tenant")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_token"));
        given().get("/api/v1/tenant").then().statusCode(401);
    }
}
