package dev.quire.connector.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.connector.source.SaasApi;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A connector whose source keeps failing (an S3 endpoint nothing listens on) is flagged for its admins after three
 * failed runs in a row ({@code flagged}, {@code consecutiveFailures} in the API) and its schedule stops — it is not
 * retried silently forever.
 */
@QuarkusTest
class FlaggedConnectorTest {
    @Inject
    Db db;

    @Test
    void connectorFailingThreeTimesInARowIsFlaggedAndItsScheduleStops() {
        UUID tenant = UUID.randomUUID();
        try (var api = new SaasApi(tenant)) {
            String admin = api.admin;
            String id = given().auth()
                    .oauth2(admin)
                    .contentType("application/json")
                    .body(Map.of(
                            "type", "s3",
                            "name", "Unreachable",
                            "knowledgeBaseId", UUID.randomUUID().toString(),
                            "schedule", Map.of("intervalMinutes", 60),
                            "config",
                                    Map.of(
                                            "endpoint", "http://127.0.0.1:1",
                                            "region", "us-east-1",
                                            "bucket", "nowhere",
                                            "pathStyle", true),
                            "credentials", Map.of("accessKeyId", "AKIAFLAG", "secretAccessKey", "flag-secret-0001")))
                    .post("/api/v1/connectors")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");

            var first = api.sync(id, false);
            assertEquals("FAILED", first.get("status"), String.valueOf(first));
            given().auth()
                    .oauth2(admin)
                    .get("/api/v1/connectors/" + id)
                    .then()
                    .body("flagged", equalTo(false))
                    .body("consecutiveFailures", equalTo(1));
            assertTrue(scheduled(tenant, UUID.fromString(id)), "one failure does not stop the schedule");

            assertEquals("FAILED", api.sync(id, false).get("status"));
            assertEquals("FAILED", api.sync(id, false).get("status"));
            given().auth()
                    .oauth2(Tokens.of(tenant, "member"))
                    .get("/api/v1/connectors/" + id)
                    .then()
                    .statusCode(200)
                    .body("flagged", equalTo(true))
                    .body("consecutiveFailures", equalTo(3))
                    .body("lastRun.status", equalTo("FAILED"));
            assertFalse(scheduled(tenant, UUID.fromString(id)), "a flagged connector's schedule stops");
        }
    }

    private boolean scheduled(UUID tenant, UUID connector) {
        return db.inTenant(tenant, c -> Db.one(c, "select 1 from schedules where connector_id = ?", rs -> 1, connector))
                .isPresent();
    }
}
