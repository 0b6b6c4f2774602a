package dev.quire.platform.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** The services' APIs called as a bearer token's caller, the answer left to check. */
public final class Bearer {
    private Bearer() {}

    /** A request of the token's caller, to add to. */
    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    /** {@code GET path} as the token's caller. */
    public static ValidatableResponse get(String token, String path) {
        return as(token).get(path).then();
    }

    /** {@code POST path} without a body as the token's caller. */
    public static ValidatableResponse post(String token, String path) {
        return as(token).post(path).then();
    }

    /** {@code POST path} with this body as JSON, as the token's caller. */
    public static ValidatableResponse postJson(String token, String path, Object body) {
        return as(token).contentType(ContentType.JSON).body(body).post(path).then();
    }

    /** {@code DELETE path} as the token's caller. */
    public static ValidatableResponse delete(String token, String path) {
        return as(token).delete(path).then();
    }
}
