package dev.quire.connector.connector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.connector.source.SaasApi;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A connector's life through the API on its entity: what is written reads back as written (config, schedule, pause,
 * the schedule row the runner reads), each change leaves its audit event, and a connector deleted with its documents
 * tells ingestion to delete each item's document, in the transaction that deletes it.
 */
@QuarkusTest
class ConnectorLifecycleTest {

    @Inject
    Db db;

    private final UUID tenant = UUID.randomUUID();
    private final String admin = Tokens.of(tenant, "admin");

    private String create(String name) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "type", "s3",
                        "name", name,
                        "knowledgeBaseId", UUID.randomUUID().toString(),
                        "config", Map.of("region", "eu-west-1", "bucket", "life-docs", "prefix", "a/"),
                        "credentials", Map.of("accessKeyId", "AKIALIFE", "secretAccessKey", "life-secret"),
                        "schedule", Map.of("intervalMinutes", 60)))
                .post("/api/v1/connectors")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private io.restassured.response.ValidatableResponse patch(String id, Map<String, Object> body) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(body)
                .patch("/api/v1/connectors/" + id)
                .then();
    }

    @Test
    void whatIsWrittenReadsBackAndPauseStopsTheSchedule() {
        String id = create("Life " + UUID.randomUUID());
        given().auth()
                .oauth2(admin)
                .get("/api/v1/connectors/" + id)
                .then()
                .statusCode(200)
                .body("config", equalTo(Map.of("region", "eu-west-1", "bucket", "life-docs", "prefix", "a/")))
                .body("schedule.intervalMinutes", equalTo(60))
                .body("paused", equalTo(false))
                .body("flagged", equalTo(false))
                .body("hasCredentials", equalTo(true));
        assertTrue(scheduled(id));

        patch(id, Map.of("paused", true, "name", "Renamed " + id)).statusCode(200);
        given().auth()
                .oauth2(admin)
                .get("/api/v1/connectors/" + id)
                .then()
                .body("paused", equalTo(true))
                .body("name", equalTo("Renamed " + id))
                .body("config.bucket", equalTo("life-docs"));
        assertTrue(!scheduled(id), "a paused connector has no schedule row");

        patch(id, Map.of("paused", false, "schedule", Map.of("intervalMinutes", 30)))
                .statusCode(200)
                .body("schedule.intervalMinutes", equalTo(30));
        assertTrue(scheduled(id));
        // a second connector may not take its name (case-insensitive)
        String other = create("Other " + UUID.randomUUID());
        patch(other, Map.of("name", ("renamed " + id).toUpperCase()))
                .statusCode(409)
                .body("code", equalTo("conflict"));
    }

    @Test
    void deletingWithDocumentsSendsEachItemsDeletionAndEveryChangeIsAudited() {
        String id = create("Doomed " + UUID.randomUUID());
        UUID connector = UUID.fromString(id);
        List<UUID> documents = List.of(UUID.randomUUID(), UUID.randomUUID());
        db.inTenant(tenant, c -> {
            for (int i = 0; i < documents.size(); i++) {
                Db.update(
                        c,
                        "insert into items(connector_id, item_id, tenant_id, document_id, version, name)"
                                + " values (?, ?, ?, ?, 'v1', ?)",
                        connector,
                        "item-" + i,
                        tenant,
                        documents.get(i),
                        "Item " + i);
            }
            return null;
        });
        patch(id, Map.of("paused", true)).statusCode(200);
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/connectors/" + id + "?deleteDocuments=true")
                .then()
                .statusCode(204);
        given().auth().oauth2(admin).get("/api/v1/connectors/" + id).then().statusCode(404);

        var deletions = records(
                TestKafka.topic("connector.item"),
                r -> id.equals(r.path("connectorId").asText()),
                2);
        assertEquals(
                Set.copyOf(documents),
                deletions.stream()
                        .map(r -> UUID.fromString(r.get("documentId").asText()))
                        .collect(Collectors.toSet()));
        assertTrue(deletions.stream().allMatch(r -> r.get("deleted").asBoolean()));

        var audit = records(
                TestKafka.topic("audit.recorded"),
                r -> tenant.toString().equals(r.path("tenantId").asText())
                        && id.equals(r.path("resourceId").asText()),
                3);
        assertEquals(
                List.of("connector.create", "connector.update", "connector.delete"),
                audit.stream().map(r -> r.get("action").asText()).toList());
        assertEquals(2, audit.get(2).path("detail").path("documentsDeleted").asInt());
    }

    private boolean scheduled(String id) {
        return db.inTenant(
                        tenant,
                        c -> Db.one(c, "select 1 from schedules where connector_id = ?", rs -> 1, UUID.fromString(id)))
                .isPresent();
    }

    /** The first {@code n} records of a topic that match, read from its start. */
    private static List<JsonNode> records(String topic, Predicate<JsonNode> match, int n) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaConsumer<String, String> consumer = TestKafka.subscribed(bootstrap, topic)) {
            return SaasApi.records(consumer, match, n);
        }
    }
}
