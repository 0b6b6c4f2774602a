package dev.quire.gateway;

import static dev.quire.platform.testing.Problems.openAiError;
import static dev.quire.platform.testing.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/** The gateway's own refusals carry a body, and an oversized chat frame is a 1009 close, not a dropped socket. */
@QuarkusTest
class CleanEdgeErrorsTest {

    @Test
    void headersTooLargeAre431WithAProblemBody() {
        problem(
                        given().header("X-Padding", "x".repeat(20 * 1024)).get("/api/v1/knowledge-bases"),
                        431,
                        "headers_too_large")
                .body("status", equalTo(431))
                .header("X-Request-Id", not(emptyOrNullString()))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void headersTooLargeOnTheOpenAiSurfaceAreAnOpenAiError() {
        openAiError(given().header("X-Padding", "x".repeat(20 * 1024)).get("/v1/models"), 431, "headers_too_large");
    }

    @Test
    void aRequestLineTooLongIs414WithAProblemBody() {
        problem(given().queryParam("q", "x".repeat(10 * 1024)).get("/api/v1/knowledge-bases"), 414, "uri_too_long")
                .body("status", equalTo(414))
                .header("X-Request-Id", not(emptyOrNullString()))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        openAiError(given().queryParam("q", "x".repeat(10 * 1024)).get("/v1/models"), 414, "uri_too_long");
        // the positive control: just under the bound the request goes on (to authentication)
        problem(
                given().queryParam("q", "x".repeat(8 * 1024 - 100)).get("/api/v1/knowledge-bases"),
                401,
                "invalid_token");
    }

    @Test
    void aPathInAnotherFormOrWithNulIsAProblemLikeAnyOtherWithItsRequestId() throws Exception {
        // the JDK's client sends the path as written (RestAssured would tidy it)
        var http = java.net.http.HttpClient.newHttpClient();
        for (String path :
                new String[] {"/api/v1/tenant/", "/api//v1/tenant", "/api/v1/tenant;x=1", "/api/v1/documents?cursor=%00"
                }) {
            var res = http.send(
                    java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://localhost:" + RestAssured.port + path))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            var body = io.restassured.path.json.JsonPath.from(res.body());
            String code = path.contains("%00") ? "validation_failed" : "not_found";
            assertEquals(path.contains("%00") ? 400 : 404, res.statusCode(), path);
            assertEquals(
                    "application/problem+json",
                    res.headers().firstValue("Content-Type").orElse(""),
                    path);
            assertEquals("https://quire.dev/problems/" + code, body.getString("type"), path);
            assertEquals(code, body.getString("code"), path);
            assertEquals(res.headers().firstValue("X-Request-Id").orElse(null), body.getString("requestId"), path);
        }
    }

    /** Before its auth frame a browser socket is already upgraded: a too-big first frame still closes 1009. */
    @Test
    void anOversizedFrameClosesTheSocketWith1009() throws Exception {
        for (int size : new int[] {70 * 1024, 4 << 20}) {
            var client = SocketClient.open(RestAssured.port, null);
            try {
                client.sendRaw("{\"type\":\"auth\",\"token\":\"" + "x".repeat(size) + "\"}");
            } catch (RuntimeException e) {
                // the server may close while the JDK client is still writing the frame: the close code decides
            }
            assertEquals(1009, client.closeCode(10_000), size + " bytes");
        }
    }
}
