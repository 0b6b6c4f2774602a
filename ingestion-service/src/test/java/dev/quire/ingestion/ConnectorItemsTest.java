package dev.quire.ingestion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.ConnectorItemSynced;
import dev.quire.ingestion.ConnectorItemRecords.Tenant;
import dev.quire.platform.events.EventPublisher;
import dev.quire.platform.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * connector-service's {@code connector.item} records through the upload pipeline: one source item is one document
 * (its id chosen by the connector), changed bytes its next version, a redelivered record changes nothing, a vanished
 * item deletes it; the ingest request carries the source reference.
 */
@QuarkusTest
class ConnectorItemsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EventPublisher publisher;

    @Test
    void oneSourceItemIsOneDocumentVersionedAndDeletedWithTheSource() throws Exception {
        var tenant = Tenant.withKnowledgeBase();
        UUID connector = UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (var requests = TestKafka.subscribed(bootstrap, TestKafka.topic(Topics.INGEST_REQUESTED))) {
            send(item(tenant, connector, doc, "\"v1\"", "Herons nest in colonies called heronries."));
            await().atMost(Duration.ofSeconds(60)).until(() -> version(tenant.admin(), doc) == 1);
            var view = given().auth()
                    .oauth2(tenant.admin())
                    .get("/api/v1/documents/" + doc)
                    .then()
                    .statusCode(200);
            view.body("source.type", org.hamcrest.Matchers.equalTo("s3"));
            view.body("source.connectorId", org.hamcrest.Matchers.equalTo(connector.toString()));
            view.body("source.itemId", org.hamcrest.Matchers.equalTo("notes/herons.txt"));

            // the same record again (at-least-once delivery), then a change: exactly one new version
            send(item(tenant, connector, doc, "\"v1\"", "Herons nest in colonies called heronries."));
            send(item(tenant, connector, doc, "\"v2\"", "Herons nest in colonies; egrets join them."));
            await().atMost(Duration.ofSeconds(60)).until(() -> version(tenant.admin(), doc) == 2);

            List<JsonNode> sent = new java.util.ArrayList<>();
            long end = System.currentTimeMillis() + 30_000;
            while (sent.size() < 2 && System.currentTimeMillis() < end) {
                for (var r : requests.poll(Duration.ofMillis(500))) {
                    JsonNode n = JSON.readTree(r.value());
                    if (doc.toString().equals(n.get("documentId").asText())) {
                        sent.add(n);
                    }
                }
            }
            assertEquals(2, sent.size(), "one ingest request per version");
            assertEquals(
                    List.of(1, 2),
                    sent.stream().map(n -> n.get("version").asInt()).toList());
            assertTrue(sent.stream()
                    .allMatch(n -> n.get("source").get("connectorId").asText().equals(connector.toString())));

            send(ConnectorItemSynced.deleted(
                    tenant.id(), connector, "s3", tenant.kb(), doc, "notes/herons.txt", "\"v2\"", "herons.txt", null));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> given().auth()
                                    .oauth2(tenant.admin())
                                    .get("/api/v1/documents/" + doc)
                                    .statusCode()
                            == 404);
        }
    }

    private static ConnectorItemSynced item(Tenant tenant, UUID connector, UUID doc, String etag, String text) {
        return ConnectorItemRecords.inline(tenant, connector, null, doc, "herons.txt", etag, text, null);
    }

    private void send(ConnectorItemSynced e) {
        publisher.send(Topics.CONNECTOR_ITEM, Topics.documentKey(e.tenantId(), e.documentId()), e);
    }

    private static int version(String token, UUID doc) {
        var r = given().auth().oauth2(token).get("/api/v1/documents/" + doc);
        return r.statusCode() == 200 ? r.jsonPath().getInt("version") : 0;
    }
}
