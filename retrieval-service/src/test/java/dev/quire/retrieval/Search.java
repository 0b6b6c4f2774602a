package dev.quire.retrieval;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** The search API as the tests call it. */
final class Search {
    private Search() {}

    /** {@code POST /api/v1/search} with this JSON body, as the token's caller. */
    static Response as(String token, Object body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/search");
    }

    /** The same, which must answer 200, to check further. */
    static ValidatableResponse ok(String token, Object body) {
        return as(token, body).then().statusCode(200);
    }
}
