package dev.quire.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.Metrics;
import dev.quire.platform.testing.Problems;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing internal on the public origin: health and metrics answer only on the management interface (its own port),
 * the public port answers every {@code /q/*} path 404 problem+json, and the metrics carry templated URIs, never the
 * object ids of the requests.
 */
@QuarkusTest
class ManagementInterfaceTest {

    private static StandIns.Upstream upstream;

    // a management resource's path is relative to the management interface's root, /q
    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "health", management = true)
    URL health;

    /** A stand-in for tenant-service's directory (every tenant active) and for ingestion-service (echoes 200). */
    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = StandIns.start(18182, req -> req.body().onSuccess(body -> {
            var resp = req.response().putHeader("Content-Type", "application/json");
            if (req.path().startsWith("/internal/")) {
                String id = req.path().substring(req.path().lastIndexOf('/') + 1);
                resp.end(new JsonObject()
                        .put("id", id)
                        .put("name", "t")
                        .put("status", "active")
                        .put("plan", "pro")
                        .put("limits", StandIns.limits(100000))
                        .encode());
                return;
            }
            resp.end(new JsonObject().put("uri", req.uri()).encode());
        }));
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @Test
    void thePublicPortServesNoManagementPath() {
        for (String path : List.of(
                "/q/metrics",
                "/q/health",
                "/q/health/live",
                "/q/health/ready",
                "/q/openapi",
                "/q/dev",
                "/q/dev-ui",
                "/q/info",
                "/q")) {
            Problems.problem(given().get(path), 404, "not_found");
        }
    }

    @Test
    void theManagementPortServesHealthAndMetrics() {
        assertNotEquals(RestAssured.port, metrics.getPort(), "management has a port of its own");
        assertEquals("/q/metrics", metrics.getPath());
        // liveness, every check, readiness
        for (String check : List.of("/live", "", "/ready")) {
            given().get(health + check).then().statusCode(200).body("status", equalTo("UP"));
        }
        given().get(metrics).then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    void metricsNameRoutesByTemplateNeverByObjectId() {
        String token = Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject(UUID.randomUUID().toString())
                .claim("tenant_id", UUID.randomUUID().toString())
                .groups(Set.of("member"))
                .expiresIn(300)
                .sign();
        for (int i = 0; i < 3; i++) {
            UUID doc = UUID.randomUUID();
            given().auth()
                    .oauth2(token)
                    .get("/api/v1/documents/" + doc)
                    .then()
                    .statusCode(200)
                    .body("uri", equalTo("/api/v1/documents/" + doc));
            given().auth()
                    .oauth2(token)
                    .get("/api/v1/documents/" + doc + "/content")
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(token)
                    .queryParam("cursor", UUID.randomUUID().toString())
                    .get("/api/v1/knowledge-bases/" + UUID.randomUUID() + "/documents")
                    .then()
                    .statusCode(200);
            // refused before forwarding: whatever a client makes up is named by the route prefix alone
            given().get("/api/v1/documents/" + doc).then().statusCode(401);
            given().get("/api/v1/documents/made-up-" + i + "/x/y").then().statusCode(401);
        }
        List<String> http = Metrics.lines(given().get(metrics), "http_server_", "http_client_");
        for (String line : http) {
            assertFalse(Metrics.UUID_TEXT.matcher(line).find(), "an id in a metric: " + line);
            assertFalse(line.contains("made-up"), "a made-up path in a metric: " + line);
            assertFalse(line.contains("cursor"), "a query string in a metric: " + line);
        }
        assertTrue(has(http, "http_server_requests", "200", "/api/v1/documents/{id}"), String.join("\n", http));
        assertTrue(has(http, "http_server_requests", "200", "/api/v1/documents/{id}/content"));
        assertTrue(has(http, "http_server_requests", "200", "/api/v1/knowledge-bases/{id}/documents"));
        assertTrue(has(http, "http_server_requests", "401", "/api/v1/documents/**"));
    }

    private static boolean has(List<String> lines, String metric, String status, String uri) {
        return lines.stream()
                .anyMatch(l -> l.startsWith(metric)
                        && l.contains("status=\"" + status + "\"")
                        && l.contains("uri=\"" + uri + "\""));
    }
}
