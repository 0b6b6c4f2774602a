package dev.quire.ingestion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.quire.contracts.Headers;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.ConnectorItemSynced;
import dev.quire.ingestion.ConnectorItemRecords.Tenant;
import dev.quire.platform.events.EventPublisher;
import dev.quire.platform.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connector items held to the plan's limits as uploads are (an item past them is refused back to connector-service,
 * never a document), and items too large for a Kafka record fetched from connector-service's staging (a real HTTP
 * server standing in for its internal route, checking the internal secret as connector-service does).
 */
@QuarkusTest
class ConnectorItemLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "test-internal-secret-never-in-production";
    private static final Map<UUID, byte[]> STAGED = new ConcurrentHashMap<>();
    private static final Set<UUID> RELEASED = ConcurrentHashMap.newKeySet();
    private static HttpServer connector;

    @Inject
    EventPublisher publisher;

    /** connector-service's {@code /internal/v1/staged/{tenantId}/{id}} on the port the test profile names. */
    @BeforeAll
    static void standInForStaging() throws Exception {
        connector = HttpServer.create(new InetSocketAddress("127.0.0.1", 18285), 0);
        connector.createContext("/internal/v1/staged/", ex -> {
            String[] parts = ex.getRequestURI().getPath().split("/");
            UUID id = UUID.fromString(parts[parts.length - 1]);
            if (!SECRET.equals(ex.getRequestHeaders().getFirst(Headers.INTERNAL_SECRET))) {
                ex.sendResponseHeaders(401, -1);
            } else if (ex.getRequestMethod().equals("DELETE")) {
                RELEASED.add(id);
                STAGED.remove(id);
                ex.sendResponseHeaders(204, -1);
            } else if (STAGED.containsKey(id)) {
                byte[] b = STAGED.get(id);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        connector.start();
    }

    @AfterAll
    static void stop() {
        connector.stop(0);
    }

    @Test
    void itemPastThePlansDocumentLimitIsRefusedBackToTheConnectorAndNeverADocument() throws Exception {
        var tenant = Tenant.withKnowledgeBase();
        UUID connector = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        var oneDocument = new ConnectorItemSynced.Quota(1, 100);
        try (var refusals = refusals()) {
            send(ConnectorItemRecords.inline(
                    tenant, connector, run, first, "a.txt", "\"v1\"", "Avocets sweep the shallows.", oneDocument));
            await().atMost(Duration.ofSeconds(60)).until(() -> status(tenant.admin(), first) == 200);
            send(ConnectorItemRecords.inline(
                    tenant, connector, run, second, "b.txt", "\"v1\"", "Bitterns boom in reed beds.", oneDocument));

            JsonNode refused = refusalOf(refusals, second);
            assertEquals("quota_exceeded", refused.get("code").asText());
            assertEquals(run.toString(), refused.get("runId").asText());
            assertEquals(connector.toString(), refused.get("connectorId").asText());
            assertEquals("notes/b.txt", refused.get("itemId").asText());
            assertEquals("b.txt", refused.get("name").asText());
            assertEquals(
                    "http://s3.example/bucket/notes/b.txt", refused.get("url").asText());
            assertEquals(false, refused.get("documentExisted").asBoolean());
            assertTrue(refused.get("message").asText().contains("at most 1 documents"), refused.toString());
            assertEquals(404, status(tenant.admin(), second), "a refused item is never a document");
            assertEquals(200, status(tenant.admin(), first));
        }
    }

    @Test
    void stagedItemOfSeveralMegabytesIsFetchedParsedAndReleased() throws Exception {
        var tenant = Tenant.withKnowledgeBase();
        UUID doc = UUID.randomUUID();
        UUID stagedId = UUID.randomUUID();
        // 5 MB of page, of which a sentence is text: the pipeline reads all of it, the embedder only a chunk
        String padding = "x".repeat(5 * 1024 * 1024);
        byte[] page = ("<html><head><title>Kingfishers</title><style>/*" + padding + "*/</style></head>"
                        + "<body><p>Kingfishers dive from a perch; the staged page ends here.</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        STAGED.put(stagedId, page);
        send(staged(tenant, doc, "kingfishers.html", page.length, stagedId, new ConnectorItemSynced.Quota(10, 50)));

        await().atMost(Duration.ofSeconds(120)).until(() -> {
            var r = given().auth().oauth2(tenant.admin()).get("/api/v1/documents/" + doc);
            return r.statusCode() == 200
                    && List.of("INDEXING", "INDEXED").contains(r.jsonPath().getString("status"));
        });
        var view = given().auth()
                .oauth2(tenant.admin())
                .get("/api/v1/documents/" + doc)
                .then()
                .statusCode(200);
        view.body("sizeBytes", org.hamcrest.Matchers.equalTo(page.length));
        String text = given().auth()
                .oauth2(tenant.admin())
                .get("/api/v1/documents/" + doc + "/text")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(text.contains("the staged page ends here"), "the whole staged file was read");
        await().atMost(Duration.ofSeconds(30)).until(() -> RELEASED.contains(stagedId));
    }

    @Test
    void stagedItemPastTheStorageLimitIsRefused() throws Exception {
        var tenant = Tenant.withKnowledgeBase();
        UUID doc = UUID.randomUUID();
        UUID stagedId = UUID.randomUUID();
        byte[] big = ("<html><body><p>" + "Storks. ".repeat(400_000) + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        STAGED.put(stagedId, big);
        try (var refusals = refusals()) {
            send(staged(tenant, doc, "storks.html", big.length, stagedId, new ConnectorItemSynced.Quota(10, 2)));
            JsonNode refused = refusalOf(refusals, doc);
            assertEquals("quota_exceeded", refused.get("code").asText());
            assertTrue(refused.get("message").asText().contains("at most 2 MB"), refused.toString());
            assertEquals(404, status(tenant.admin(), doc));
        }
    }

    private KafkaConsumer<String, String> refusals() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        return TestKafka.subscribed(bootstrap, TestKafka.topic(Topics.CONNECTOR_ITEM_REFUSED));
    }

    private static JsonNode refusalOf(KafkaConsumer<String, String> consumer, UUID doc) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            for (var r : consumer.poll(Duration.ofMillis(500))) {
                JsonNode n = JSON.readTree(r.value());
                if (doc.toString().equals(n.get("documentId").asText())) {
                    return n;
                }
            }
        }
        assertNotNull(null, "no connector.item-refused for " + doc);
        return null;
    }

    private static ConnectorItemSynced staged(
            Tenant tenant, UUID doc, String name, long size, UUID stagedId, ConnectorItemSynced.Quota q) {
        return new ConnectorItemSynced(
                UUID.randomUUID(),
                tenant.id(),
                Instant.now(),
                UUID.randomUUID(),
                "web",
                tenant.kb(),
                doc,
                "https://birds.example/" + name,
                "etag-1",
                false,
                name,
                "text/html",
                "https://birds.example/" + name,
                Instant.now(),
                ConnectorItemSynced.Access.unknown(),
                null,
                UUID.randomUUID(),
                size,
                stagedId,
                q);
    }

    private void send(ConnectorItemSynced e) {
        publisher.send(Topics.CONNECTOR_ITEM, Topics.documentKey(e.tenantId(), e.documentId()), e);
    }

    private static int status(String token, UUID doc) {
        return given().auth().oauth2(token).get("/api/v1/documents/" + doc).statusCode();
    }
}
