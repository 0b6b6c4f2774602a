package dev.quire.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Asserts that the gateway refuses a credential: 401 with the problem code {@code invalid_token}. */
public final class Refused {
    private Refused() {}

    /** {@code GET /api/v1/knowledge-bases} with the bearer credential (a JWT or an API key) is 401 invalid_token. */
    public static void asInvalidToken(String credential) {
        given().auth()
                .oauth2(credential)
                .get("/api/v1/knowledge-bases")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_token"));
    }
}
