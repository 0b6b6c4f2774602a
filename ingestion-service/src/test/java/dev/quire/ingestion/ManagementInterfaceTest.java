package dev.quire.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.Metrics;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics and the service's OpenAPI document answer on the management interface only, and a JAX-RS service's metrics name requests by the
 * resource's path template, never by the ids in them.
 */
@QuarkusTest
class ManagementInterfaceTest {

    // a management resource's path is relative to the management interface's root, /q
    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "openapi", management = true)
    URL openapi;

    @Test
    void theMainPortServesNoManagementPath() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/live", "/q/health/ready", "/q/openapi")) {
            given().get(path).then().statusCode(404);
        }
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theServiceDocumentsItsApiOnTheManagementInterface() {
        given().accept("application/json")
                .get(openapi + "?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/knowledge-bases'.post.requestBody", org.hamcrest.Matchers.notNullValue())
                .body("components.schemas.CreateKnowledgeBase.properties.name.maxLength", equalTo(200));
    }

    @Test
    void requestMetricsCarryPathTemplates() {
        String token = Tokens.of(UUID.randomUUID(), "member");
        for (int i = 0; i < 3; i++) {
            given().auth()
                    .oauth2(token)
                    .get("/api/v1/documents/" + UUID.randomUUID())
                    .then()
                    .statusCode(404);
            given().auth()
                    .oauth2(token)
                    .get("/api/v1/knowledge-bases/" + UUID.randomUUID())
                    .then()
                    .statusCode(404);
        }
        List<String> http = Metrics.lines(given().get(metrics), "http_server_requests");
        Metrics.assertNoIds(http, "");
        assertTrue(
                http.stream().anyMatch(l -> l.contains("uri=\"/api/v1/documents/{docId}\"")), String.join("\n", http));
        assertTrue(http.stream().anyMatch(l -> l.contains("uri=\"/api/v1/knowledge-bases/{kbId}\"")));
    }
}
