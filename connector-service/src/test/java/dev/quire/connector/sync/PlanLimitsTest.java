package dev.quire.connector.sync;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.quire.contracts.Headers;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.ConnectorItemRefused;
import dev.quire.platform.events.EventPublisher;
import dev.quire.platform.testing.S3Proxy;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Connector items held to the tenant's plan as uploads are, against a real S3 API server (s3proxy), PostgreSQL and
 * Kafka, with a real HTTP server answering tenant-service's internal tenant directory: an item over the plan's
 * {@code maxUploadMb} is a visible per-item error, never sent; an item too large for a Kafka record is staged and
 * served only with the internal secret; an item ingestion refused for quota becomes an error of its run and is sent
 * again by the next run; a plan that cannot be read fails the run visibly.
 */
@QuarkusTest
@TestProfile(PlanLimitsTest.WithTenantService.class)
class PlanLimitsTest {
    static final int TENANT_PORT = 18281;
    private static final String SECRET = "test-internal-secret-never-in-production";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<UUID, Integer> UPLOAD_MB = new ConcurrentHashMap<>();
    private static HttpServer tenantService;
    private static S3Proxy s3proxy;
    private static S3Client s3;
    private static final String BUCKET = "plan-" + UUID.randomUUID().toString().substring(0, 8);

    /** The profile that points connector-service at the stand-in tenant directory. */
    public static class WithTenantService implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quire.connectors.tenant-url", "http://127.0.0.1:" + TENANT_PORT);
        }
    }

    @Inject
    EventPublisher publisher;

    @BeforeAll
    static void start() throws Exception {
        tenantService = HttpServer.create(new InetSocketAddress("127.0.0.1", TENANT_PORT), 0);
        tenantService.createContext("/internal/v1/tenants/", ex -> {
            String[] parts = ex.getRequestURI().getPath().split("/");
            UUID id = UUID.fromString(parts[parts.length - 1]);
            Integer mb = UPLOAD_MB.get(id);
            if (!SECRET.equals(ex.getRequestHeaders().getFirst(Headers.INTERNAL_SECRET))) {
                ex.sendResponseHeaders(401, -1);
            } else if (mb == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                byte[] body = ("{\"id\":\"" + id + "\",\"name\":\"T\",\"status\":\"active\",\"plan\":\"starter\","
                                + "\"limits\":{\"requestsPerMinute\":600,\"maxDocuments\":500,\"maxStorageMb\":200,"
                                + "\"maxUploadMb\":" + mb + ",\"maxConnectors\":5}}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        tenantService.start();
        s3proxy = S3Proxy.start();
        s3 = S3Fixture.bucket(s3proxy, BUCKET);
    }

    @AfterAll
    static void stop() {
        tenantService.stop(0);
        if (s3 != null) {
            s3.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @Test
    void itemOverThePlansUploadLimitIsAPerItemErrorWithItsNameAndLinkAndNeverSent() throws Exception {
        UUID tenant = UUID.randomUUID();
        UPLOAD_MB.put(tenant, 1);
        String admin = Tokens.of(tenant, "admin");
        put("limit/small.txt", "Ospreys fish by hovering. ".getBytes(StandardCharsets.UTF_8));
        put("limit/big.txt", "Ospreys. ".repeat(200_000).getBytes(StandardCharsets.UTF_8)); // 1.8 MB
        try (var records = TestKafka.subscribed(bootstrap(), "test." + Topics.CONNECTOR_ITEM)) {
            String id = create(admin, "limit/");
            var run = sync(admin, id);
            assertEquals("COMPLETED_WITH_ERRORS", run.get("status"), String.valueOf(run));
            assertEquals(1, counts(run).get("added"));
            assertEquals(1, counts(run).get("failed"));

            JsonNode errors = errors(admin, id, run.get("id").toString());
            assertEquals(1, errors.size(), errors.toString());
            JsonNode e = errors.get(0);
            assertEquals("limit/big.txt", e.get("itemId").asText());
            assertEquals("too_large", e.get("code").asText());
            assertTrue(e.get("name").asText().contains("big.txt"), e.toString());
            assertTrue(e.get("url").isTextual() && !e.get("url").asText().isEmpty(), "the error links the item");
            assertTrue(e.get("message").asText().contains("limited to 1 MB"), e.toString());

            List<JsonNode> sent = drain(records, id, 1);
            assertEquals(1, sent.size());
            assertEquals("limit/small.txt", sent.get(0).get("itemId").asText());
            assertEquals(run.get("id"), sent.get(0).get("runId").asText());
            assertEquals(500, sent.get(0).get("quota").get("maxDocuments").asInt(), "ingestion gets the plan");
            assertEquals(200, sent.get(0).get("quota").get("maxStorageMb").asInt());
        }
    }

    @Test
    void itemTooLargeForAKafkaRecordIsStagedAndServedOnlyWithTheInternalSecret() throws Exception {
        UUID tenant = UUID.randomUUID();
        UPLOAD_MB.put(tenant, 10);
        String admin = Tokens.of(tenant, "admin");
        byte[] big = "Shearwaters glide low over the waves. ".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        assertTrue(big.length > 3_000_000);
        put("staged/shearwaters.txt", big);
        try (var records = TestKafka.subscribed(bootstrap(), "test." + Topics.CONNECTOR_ITEM)) {
            String id = create(admin, "staged/");
            var run = sync(admin, id);
            assertEquals("SUCCEEDED", run.get("status"), String.valueOf(run));
            JsonNode r = drain(records, id, 1).get(0);
            assertTrue(r.get("content").isNull(), "the bytes are not in the record");
            assertEquals(big.length, r.get("sizeBytes").asLong());
            String staged = r.get("stagedContentId").asText();
            String path = "/internal/v1/staged/" + tenant + "/" + staged;

            given().get(path).then().statusCode(401);
            given().header(Headers.INTERNAL_SECRET, "wrong").get(path).then().statusCode(401);
            given().header(Headers.INTERNAL_SECRET, SECRET)
                    .get("/internal/v1/staged/" + UUID.randomUUID() + "/" + staged)
                    .then()
                    .statusCode(404);
            byte[] served = given().header(Headers.INTERNAL_SECRET, SECRET)
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            assertArrayEquals(big, served);
            given().header(Headers.INTERNAL_SECRET, SECRET).delete(path).then().statusCode(204);
            given().header(Headers.INTERNAL_SECRET, SECRET).get(path).then().statusCode(404);
        }
    }

    @Test
    void itemIngestionRefusedForQuotaIsAnErrorOfItsRunAndIsSentAgainNextRun() throws Exception {
        UUID tenant = UUID.randomUUID();
        UPLOAD_MB.put(tenant, 10);
        String admin = Tokens.of(tenant, "admin");
        put("refused/egrets.txt", "Egrets wade in the shallows. ".getBytes(StandardCharsets.UTF_8));
        try (var records = TestKafka.subscribed(bootstrap(), "test." + Topics.CONNECTOR_ITEM)) {
            String id = create(admin, "refused/");
            var run = sync(admin, id);
            assertEquals("SUCCEEDED", run.get("status"));
            JsonNode sent = drain(records, id, 1).get(0);

            var refusal = new ConnectorItemRefused(
                    UUID.randomUUID(),
                    tenant,
                    Instant.now(),
                    UUID.fromString(id),
                    UUID.fromString(sent.get("runId").asText()),
                    UUID.fromString(sent.get("documentId").asText()),
                    sent.get("itemId").asText(),
                    sent.get("itemVersion").asText(),
                    sent.get("filename").asText(),
                    sent.get("url").asText(),
                    "quota_exceeded",
                    "this plan stores at most 500 documents; egrets.txt would be one more.",
                    false);
            String key = Topics.documentKey(tenant, refusal.documentId());
            publisher.send(Topics.CONNECTOR_ITEM_REFUSED, key, refusal);
            String runId = run.get("id").toString();
            await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED_WITH_ERRORS"
                    .equals(runOf(admin, id, runId).get("status")));
            assertEquals(1, counts(runOf(admin, id, runId)).get("failed"));
            JsonNode errors = errors(admin, id, runId);
            assertEquals(1, errors.size());
            assertEquals("quota_exceeded", errors.get(0).get("code").asText());
            assertEquals("refused/egrets.txt", errors.get(0).get("itemId").asText());
            assertEquals(sent.get("url").asText(), errors.get(0).get("url").asText());

            // the same refusal again (at-least-once delivery) adds nothing; the next run sends the item again
            publisher.send(Topics.CONNECTOR_ITEM_REFUSED, key, refusal);
            var next = sync(admin, id);
            assertEquals(1, counts(next).get("added"), "a refused item is tried again: " + next);
            assertEquals(1, errors(admin, id, runId).size());
            assertEquals(1, drain(records, id, 1).size());
        }
    }

    @Test
    void planThatCannotBeReadFailsTheRunVisibly() {
        UUID tenant = UUID.randomUUID(); // unknown to tenant-service: 404
        String admin = Tokens.of(tenant, "admin");
        put("unknown/terns.txt", "Terns.".getBytes(StandardCharsets.UTF_8));
        String id = create(admin, "unknown/");
        var run = sync(admin, id);
        assertEquals("FAILED", run.get("status"));
        assertTrue(run.get("error").toString().startsWith("plan_unavailable"), String.valueOf(run));
        assertEquals(0, counts(run).get("added"));
    }

    private static void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("text/plain"), RequestBody.fromBytes(bytes));
    }

    private static String create(String admin, String prefix) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "type", "s3",
                        "name", "Plan " + prefix,
                        "knowledgeBaseId", UUID.randomUUID().toString(),
                        "config",
                                Map.of(
                                        "endpoint",
                                        s3proxy.endpoint().toString(),
                                        "region",
                                        "us-east-1",
                                        "bucket",
                                        BUCKET,
                                        "prefix",
                                        prefix,
                                        "pathStyle",
                                        true),
                        "credentials", Map.of("accessKeyId", S3Proxy.IDENTITY, "secretAccessKey", S3Proxy.CREDENTIAL)))
                .post("/api/v1/connectors")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Map<String, Object> sync(String admin, String id) {
        String run = given().auth()
                .oauth2(admin)
                .post("/api/v1/connectors/" + id + "/sync")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Object s = runOf(admin, id, run).get("status");
                    return s != null && !"QUEUED".equals(s) && !"RUNNING".equals(s);
                });
        return runOf(admin, id, run);
    }

    static Map<String, Object> runOf(String admin, String id, String run) {
        List<Map<String, Object>> items = given().auth()
                .oauth2(admin)
                .get("/api/v1/connectors/" + id + "/runs")
                .jsonPath()
                .getList("items");
        return items.stream().filter(m -> run.equals(m.get("id"))).findFirst().orElse(Map.of());
    }

    private static JsonNode errors(String admin, String id, String run) throws Exception {
        String body = given().auth()
                .oauth2(admin)
                .get("/api/v1/connectors/" + id + "/runs/" + run + "/errors")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return JSON.readTree(body).get("items");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Integer> counts(Map<String, Object> run) {
        return (Map<String, Integer>) run.get("counts");
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** This connector's next {@code n} records (waits up to a minute for them). */
    private static List<JsonNode> drain(KafkaConsumer<String, String> consumer, String connector, int n)
            throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long end = System.currentTimeMillis() + 60_000;
        while (out.size() < n && System.currentTimeMillis() < end) {
            for (var rec : consumer.poll(Duration.ofMillis(500))) {
                JsonNode r = JSON.readTree(rec.value());
                if (connector.equals(r.get("connectorId").asText())) {
                    out.add(r);
                }
            }
        }
        assertNotNull(out);
        return out;
    }
}
