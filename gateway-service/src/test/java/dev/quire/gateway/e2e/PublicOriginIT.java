package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.Metrics;
import dev.quire.platform.testing.Problems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing internal on the public origin, against the running stack: {@code /q/*} is 404 on the gateway, every service
 * answers health and metrics on its management port (and not on its main port), and the gateway's metrics carry
 * templated URIs, never the ids of the requests.
 */
class PublicOriginIT {

    /** service → {main port, management port}, as scripts/services.sh starts them (system properties override). */
    private static final Map<String, int[]> PORTS = new LinkedHashMap<>();

    @BeforeAll
    static void setUp() {
        Platform.useGateway();
        String[] names = {"gateway", "tenant", "ingestion", "retrieval", "chat", "connector"};
        for (int i = 0; i < names.length; i++) {
            PORTS.put(names[i], new int[] {
                Integer.getInteger("quire." + names[i] + ".port", 8080 + i),
                Integer.getInteger("quire." + names[i] + ".management.port", 9080 + i)
            });
        }
    }

    private static String management(String service) {
        return "http://127.0.0.1:" + PORTS.get(service)[1];
    }

    @Test
    void thePublicOriginServesNoManagementPath() {
        for (String path : List.of(
                "/q/metrics", "/q/health", "/q/health/live", "/q/health/ready", "/q/openapi", "/q/dev", "/q/dev-ui")) {
            for (String accept : List.of("*/*", "text/html")) {
                Problems.problem(given().accept(accept).get(path), 404, "not_found");
            }
        }
    }

    @Test
    void everyServiceAnswersHealthOnItsManagementPortOnly() {
        for (var e : PORTS.entrySet()) {
            given().baseUri(management(e.getKey()))
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"));
            given().baseUri(management(e.getKey())).get("/q/metrics").then().statusCode(200);
            given().baseUri("http://127.0.0.1:" + e.getValue()[0])
                    .get("/q/health/ready")
                    .then()
                    .statusCode(404);
        }
    }

    @Test
    void metricsNameRequestsByTemplateNeverById() {
        String admin = Platform.adminToken();
        var t = Platform.tenant(admin, "Public origin", "pro");
        String kb = Ingest.knowledgeBase(t.ownerToken(), "Metrics");
        given().auth()
                .oauth2(t.ownerToken())
                .get("/api/v1/knowledge-bases/" + kb)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(t.ownerToken())
                .get("/api/v1/documents/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        given().get("/api/v1/documents/" + UUID.randomUUID()).then().statusCode(401);
        for (String service : List.of("gateway", "ingestion")) {
            List<String> http =
                    Metrics.lines(given().baseUri(management(service)).get("/q/metrics"), "http_server_requests");
            Metrics.assertNoIds(http, service + ": ");
            assertTrue(
                    http.stream().anyMatch(l -> l.contains("uri=\"/api/v1/knowledge-bases/")),
                    service + ": " + String.join("\n", http));
        }
    }
}
