package dev.quire.connector.sync;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.S3Proxy;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The s3 connector against a real S3 API server (s3proxy) and the real PostgreSQL and Kafka: every object indexed
 * once, unchanged objects not fetched again, changes as new versions of the same documents, deletions pruned, a
 * second connector sees only its prefix — and the credential never appears in an answer, a record or a log line.
 */
@QuarkusTest
class S3SyncTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static S3Proxy s3proxy;
    private static S3Client s3;
    private static final String BUCKET = "sync-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    MeterRegistry meters;

    private final UUID tenant = UUID.randomUUID();
    private final String admin = Tokens.of(tenant, "admin");
    private final List<String> answers = new ArrayList<>();

    @BeforeAll
    static void startS3() throws Exception {
        s3proxy = S3Proxy.start();
        s3 = S3Fixture.bucket(s3proxy, BUCKET);
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @Test
    void bucketSyncsIncrementallyPrunesAndNeverLeaksTheCredential() throws Exception {
        for (int i = 0; i < 50; i++) {
            put("docs/note-" + i + ".txt", "Note " + i + " about the quarterly heron census " + UUID.randomUUID());
        }
        for (int i = 0; i < 4; i++) {
            put("other/memo-" + i + ".txt", "Memo " + i + " of another team " + UUID.randomUUID());
        }
        UUID kb = UUID.randomUUID();
        try (KafkaConsumer<String, String> records = TestKafka.subscribed(bootstrap(), "test.connector.item")) {
            String docs = create("Heron notes", kb, "docs/");

            // 50 objects: all sent once, each its own document
            var first = sync(docs, false);
            assertEquals("SUCCEEDED", first.get("status"));
            assertEquals(50, counts(first).get("added"));
            Map<String, JsonNode> sent = latestByItem(drain(records, docs, 50));
            assertEquals(50, sent.size());
            Map<String, String> documentOf = new HashMap<>();
            sent.forEach((item, r) -> documentOf.put(item, r.get("documentId").asText()));
            assertEquals(50, new HashSet<>(documentOf.values()).size());
            assertTrue(sent.values().stream().allMatch(r -> new String(
                            Base64.getDecoder().decode(r.get("content").asText()), StandardCharsets.UTF_8)
                    .contains("heron census")));

            // unchanged: listed, not fetched, nothing sent
            double fetchesBefore = fetches();
            var second = sync(docs, false);
            assertEquals("SUCCEEDED", second.get("status"));
            assertEquals(Map.of("seen", 50, "added", 0, "updated", 0, "deleted", 0, "failed", 0), counts(second));
            assertEquals(fetchesBefore, fetches(), "a second sync fetches no object's content");

            // 3 changed: 3 new versions of the same documents
            for (int i = 0; i < 3; i++) {
                put("docs/note-" + i + ".txt", "Note " + i + " revised: the heron count doubled " + UUID.randomUUID());
            }
            var third = sync(docs, false);
            assertEquals(3, counts(third).get("updated"));
            assertEquals(0, counts(third).get("added"));
            assertEquals(3.0, fetches() - fetchesBefore);
            var changed = drain(records, docs, 3);
            for (JsonNode r : changed) {
                assertEquals(
                        documentOf.get(r.get("itemId").asText()),
                        r.get("documentId").asText());
                assertFalse(r.get("deleted").asBoolean());
            }

            // 5 deleted: pruned after the complete listing
            for (int i = 45; i < 50; i++) {
                String key = "docs/note-" + i + ".txt";
                s3.deleteObject(b -> b.bucket(BUCKET).key(key));
            }
            var fourth = sync(docs, false);
            assertEquals(5, counts(fourth).get("deleted"));
            assertEquals(45, counts(fourth).get("seen"));
            var gone = drain(records, docs, 5);
            for (JsonNode r : gone) {
                assertTrue(r.get("deleted").asBoolean());
                assertTrue(r.get("content").isNull());
                assertEquals(
                        documentOf.get(r.get("itemId").asText()),
                        r.get("documentId").asText());
            }

            // a second connector on another prefix sees only its own objects
            String other = create("Other team", kb, "other/");
            var own = sync(other, false);
            assertEquals(4, counts(own).get("added"));
            var otherItems = drain(records, other, 4);
            assertTrue(
                    otherItems.stream().allMatch(r -> r.get("itemId").asText().startsWith("other/")));
            assertTrue(sent.keySet().stream().allMatch(k -> k.startsWith("docs/")));

            // the credential: in no answer, no record, no log line
            answers.add(get("/api/v1/connectors").asString());
            answers.add(get("/api/v1/connectors/" + docs).asString());
            answers.add(get("/api/v1/connectors/" + docs + "/runs").asString());
            List<String> all = new ArrayList<>(answers);
            for (var r : drainAll(records)) {
                all.add(r);
            }
            all.add(Files.readString(Path.of("target/connector-test.log")));
            for (String text : all) {
                assertFalse(text.contains(S3Proxy.CREDENTIAL), "the secret access key leaked: " + text);
            }
        }
    }

    private void put(String key, String text) {
        s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("text/plain"), RequestBody.fromString(text));
    }

    private String create(String name, UUID kb, String prefix) {
        var body = Map.of(
                "type", "s3",
                "name", name,
                "knowledgeBaseId", kb.toString(),
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
                "credentials", Map.of("accessKeyId", S3Proxy.IDENTITY, "secretAccessKey", S3Proxy.CREDENTIAL));
        Response r = given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/connectors");
        answers.add(r.asString());
        r.then().statusCode(201).body("hasCredentials", equalTo(true));
        return r.jsonPath().getString("id");
    }

    private Map<String, Object> sync(String connector, boolean full) {
        Response r = given().auth().oauth2(admin).post("/api/v1/connectors/" + connector + "/sync?full=" + full);
        answers.add(r.asString());
        r.then().statusCode(202);
        String run = r.jsonPath().getString("runId");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    String status = runOf(connector, run).get("status").toString();
                    return !status.equals("QUEUED") && !status.equals("RUNNING");
                });
        return runOf(connector, run);
    }

    private Map<String, Object> runOf(String connector, String run) {
        Response r = get("/api/v1/connectors/" + connector + "/runs");
        answers.add(r.asString());
        List<Map<String, Object>> items = r.jsonPath().getList("items");
        return items.stream().filter(m -> run.equals(m.get("id"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> counts(Map<String, Object> run) {
        return (Map<String, Integer>) run.get("counts");
    }

    private Response get(String path) {
        return given().auth().oauth2(admin).get(path);
    }

    private double fetches() {
        var c = meters.find("quire.connector.fetches").tag("type", "s3").counter();
        return c == null ? 0 : c.count();
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** The next {@code n} records of this connector (and checks no more of it arrive with them). */
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
        assertEquals(n, out.size(), "records of connector " + connector);
        return out;
    }

    private static List<String> drainAll(KafkaConsumer<String, String> consumer) {
        List<String> out = new ArrayList<>();
        for (var rec : consumer.poll(Duration.ofSeconds(2))) {
            out.add(rec.value());
        }
        return out;
    }

    private static Map<String, JsonNode> latestByItem(List<JsonNode> records) {
        Map<String, JsonNode> out = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode r : records) {
            seen.add(r.get("itemId").asText());
            out.put(r.get("itemId").asText(), r);
        }
        return out;
    }
}
