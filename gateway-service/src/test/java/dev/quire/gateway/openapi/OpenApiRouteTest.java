package dev.quire.gateway.openapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The gateway serves the merged public OpenAPI document to anyone, cacheable, and nothing internal is in it. */
@QuarkusTest
class OpenApiRouteTest {
    @Test
    void publicDocumentNeedsNoTokenAndListsThePublicRoutes() {
        given().get("/api/v1/openapi.json")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .header("ETag", startsWith("\""))
                .body("info.title", equalTo("Quire API"))
                .body("paths", hasKey("/api/v1/knowledge-bases"))
                .body("paths", hasKey("/api/v1/auth/signup"))
                .body("paths", not(hasKey("/internal/v1/credentials/exchange")))
                .body("paths", not(hasKey("/internal/v1/tenants/{tenantId}/knowledge-bases/owned")));
    }

    @Test
    void anotherMethodOnTheDocumentIsMethodNotAllowed() {
        given().head("/api/v1/openapi.json").then().statusCode(200);
        given().post("/api/v1/openapi.json")
                .then()
                .statusCode(405)
                .header("Allow", equalTo("GET, HEAD"))
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("method_not_allowed"));
    }

    @Test
    void unchangedDocumentIsNotSentAgain() {
        String etag = given().get("/api/v1/openapi.json").then().extract().header("ETag");
        given().header("If-None-Match", etag).get("/api/v1/openapi.json").then().statusCode(304);
    }
}
