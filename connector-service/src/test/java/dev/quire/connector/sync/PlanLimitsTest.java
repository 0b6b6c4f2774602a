package dev.quire.connector.sync;

import static dev.quire.connector.source.SaasApi.counts;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.quire.connector.source.SaasApi;
import dev.quire.contracts.Headers;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.ConnectorItemRefused;
import dev.quire.platform.events.EventPublisher;
import dev.quire.platform.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final Map<UUID, Integer> UPLOAD_MB = new ConcurrentHashMap<>();
    /** A tenant's maxConnectors where not the default 5 (a plan changed to fewer). */
    private static final Map<UUID, Integer> CONNECTORS = new ConcurrentHashMap<>();

    private static HttpServer tenantService;
    private static S3Fixture fixture;
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
                                + "\"maxUploadMb\":" + mb + ",\"maxConnectors\":" + CONNECTORS.getOrDefault(id, 5)
                                + "}}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        tenantService.start();
        fixture = S3Fixture.start(BUCKET);
        s3 = fixture.client();
    }

    @AfterAll
    static void stop() {
        tenantService.stop(0);
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void itemOverThePlansUploadLimitIsAPerItemErrorWithItsNameAndLinkAndNeverSent() throws Exception {
        UUID tenant = UUID.randomUUID();
        UPLOAD_MB.put(tenant, 1);
        put("limit/small.txt", "Ospreys fish by hovering. ".getBytes(StandardCharsets.UTF_8));
        put("limit/big.txt", "Ospreys. ".repeat(200_000).getBytes(StandardCharsets.UTF_8)); // 1.8 MB
        try (var api = new SaasApi(tenant);
                var records = TestKafka.subscribed(bootstrap(), TestKafka.topic(Topics.CONNECTOR_ITEM))) {
            String id = create(api, "limit/");
            var run = api.sync(id, false);
            assertEquals("COMPLETED_WITH_ERRORS", run.get("status"), String.valueOf(run));
            assertEquals(1, counts(run).get("added"));
            assertEquals(1, counts(run).get("failed"));

            var errors = api.errors(id, run);
            assertEquals(1, errors.size(), errors.toString());
            var e = errors.get(0);
            assertEquals("limit/big.txt", e.get("itemId"));
            assertEquals("too_large", e.get("code"));
            assertTrue(e.get("name").toString().contains("big.txt"), e.toString());
            assertTrue(e.get("url") instanceof String url && !url.isEmpty(), "the error links the item");
            assertTrue(e.get("message").toString().contains("limited to 1 MB"), e.toString());

            List<JsonNode> sent = SaasApi.records(records, id, 1);
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
        byte[] big = "Shearwaters glide low over the waves. ".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        assertTrue(big.length > 3_000_000);
        put("staged/shearwaters.txt", big);
        try (var api = new SaasApi(tenant);
                var records = TestKafka.subscribed(bootstrap(), TestKafka.topic(Topics.CONNECTOR_ITEM))) {
            String id = create(api, "staged/");
            var run = api.sync(id, false);
            assertEquals("SUCCEEDED", run.get("status"), String.valueOf(run));
            JsonNode r = SaasApi.records(records, id, 1).get(0);
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
        put("refused/egrets.txt", "Egrets wade in the shallows. ".getBytes(StandardCharsets.UTF_8));
        try (var api = new SaasApi(tenant);
                var records = TestKafka.subscribed(bootstrap(), TestKafka.topic(Topics.CONNECTOR_ITEM))) {
            String id = create(api, "refused/");
            var run = api.sync(id, false);
            assertEquals("SUCCEEDED", run.get("status"));
            JsonNode sent = SaasApi.records(records, id, 1).get(0);

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
                    .equals(api.run(id, runId).get("status")));
            assertEquals(1, counts(api.run(id, runId)).get("failed"));
            var errors = api.errors(id, run);
            assertEquals(1, errors.size());
            assertEquals("quota_exceeded", errors.get(0).get("code"));
            assertEquals("refused/egrets.txt", errors.get(0).get("itemId"));
            assertEquals(sent.get("url").asText(), errors.get(0).get("url"));

            // the same refusal again (at-least-once delivery) adds nothing; the next run sends the item again
            publisher.send(Topics.CONNECTOR_ITEM_REFUSED, key, refusal);
            var next = api.sync(id, false);
            assertEquals(1, counts(next).get("added"), "a refused item is tried again: " + next);
            assertEquals(1, api.errors(id, run).size());
            assertEquals(1, SaasApi.records(records, id, 1).size());
        }
    }

    @Test
    void afterAChangeToAPlanWithFewerConnectorsOnlyTheOldestRun() {
        put("fewer/plovers.txt", "Plovers run along the shore. ".getBytes(StandardCharsets.UTF_8));
        try (var api = new SaasApi()) {
            UPLOAD_MB.put(api.tenant, 10);
            String oldest = create(api, "fewer/");
            String newer = fixture.connector(api, "Plan newer", UUID.randomUUID(), "fewer/");
            CONNECTORS.put(api.tenant, 1); // the plan changed to one connector
            var refused = api.sync(newer, false);
            assertEquals("FAILED", refused.get("status"), String.valueOf(refused));
            assertTrue(
                    refused.get("error").toString().startsWith("plan_limit: the plan allows 1 connector "),
                    String.valueOf(refused));
            assertEquals(0, counts(refused).get("added"));
            var kept = api.sync(oldest, false);
            assertEquals("SUCCEEDED", kept.get("status"), String.valueOf(kept));
            assertEquals(1, counts(kept).get("added"));
        }
    }

    @Test
    void planThatCannotBeReadFailsTheRunVisibly() {
        put("unknown/terns.txt", "Terns.".getBytes(StandardCharsets.UTF_8));
        try (var api = new SaasApi()) { // a tenant unknown to tenant-service: 404
            String id = create(api, "unknown/");
            var run = api.sync(id, false);
            assertEquals("FAILED", run.get("status"));
            assertTrue(run.get("error").toString().startsWith("plan_unavailable"), String.valueOf(run));
            assertEquals(0, counts(run).get("added"));
        }
    }

    private static void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("text/plain"), RequestBody.fromBytes(bytes));
    }

    private static String create(SaasApi api, String prefix) {
        return fixture.connector(api, "Plan " + prefix, UUID.randomUUID(), prefix);
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
