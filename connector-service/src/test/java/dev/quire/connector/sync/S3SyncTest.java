package dev.quire.connector.sync;

import static dev.quire.connector.source.SaasApi.counts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.connector.source.SaasApi;
import dev.quire.platform.testing.S3Proxy;
import dev.quire.platform.testing.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The s3 connector against a real S3 API server (s3proxy) and the real PostgreSQL and Kafka: every object indexed
 * once, unchanged objects not fetched again, changes as new versions of the same documents, deletions pruned, a
 * second connector sees only its prefix — and the credential never appears in an answer, a record or a log line.
 */
@QuarkusTest
class S3SyncTest extends WithS3Bucket {
    @Inject
    MeterRegistry meters;

    @Test
    void bucketSyncsIncrementallyPrunesAndNeverLeaksTheCredential() throws Exception {
        for (int i = 0; i < 50; i++) {
            put("docs/note-" + i + ".txt", "Note " + i + " about the quarterly heron census " + UUID.randomUUID());
        }
        for (int i = 0; i < 4; i++) {
            put("other/memo-" + i + ".txt", "Memo " + i + " of another team " + UUID.randomUUID());
        }
        UUID kb = UUID.randomUUID();
        try (var api = new SaasApi();
                KafkaConsumer<String, String> records =
                        TestKafka.subscribed(bootstrap(), TestKafka.topic("connector.item"))) {
            String docs = fixture.connector(api, "Heron notes", kb, "docs/");

            // 50 objects: all sent once, each its own document
            var first = api.sync(docs, false);
            assertEquals("SUCCEEDED", first.get("status"));
            assertEquals(50, counts(first).get("added"));
            Map<String, JsonNode> sent = latestByItem(SaasApi.records(records, docs, 50));
            assertEquals(50, sent.size());
            Map<String, String> documentOf = new HashMap<>();
            sent.forEach((item, r) -> documentOf.put(item, r.get("documentId").asText()));
            assertEquals(50, new HashSet<>(documentOf.values()).size());
            assertTrue(sent.values().stream().allMatch(r -> new String(
                            Base64.getDecoder().decode(r.get("content").asText()), StandardCharsets.UTF_8)
                    .contains("heron census")));

            // unchanged: listed, not fetched, nothing sent
            double fetchesBefore = S3Fixture.fetches(meters);
            var second = api.sync(docs, false);
            assertEquals("SUCCEEDED", second.get("status"));
            assertEquals(Map.of("seen", 50, "added", 0, "updated", 0, "deleted", 0, "failed", 0), counts(second));
            assertEquals(fetchesBefore, S3Fixture.fetches(meters), "a second sync fetches no object's content");

            // 3 changed: 3 new versions of the same documents
            for (int i = 0; i < 3; i++) {
                put("docs/note-" + i + ".txt", "Note " + i + " revised: the heron count doubled " + UUID.randomUUID());
            }
            var third = api.sync(docs, false);
            assertEquals(3, counts(third).get("updated"));
            assertEquals(0, counts(third).get("added"));
            assertEquals(3.0, S3Fixture.fetches(meters) - fetchesBefore);
            var changed = SaasApi.records(records, docs, 3);
            for (JsonNode r : changed) {
                assertEquals(
                        documentOf.get(r.get("itemId").asText()),
                        r.get("documentId").asText());
                assertFalse(r.get("deleted").asBoolean());
            }

            // 5 deleted: pruned after the complete listing
            for (int i = 45; i < 50; i++) {
                String key = "docs/note-" + i + ".txt";
                fixture.client().deleteObject(b -> b.bucket(fixture.bucket()).key(key));
            }
            var fourth = api.sync(docs, false);
            assertEquals(5, counts(fourth).get("deleted"));
            assertEquals(45, counts(fourth).get("seen"));
            var gone = SaasApi.records(records, docs, 5);
            for (JsonNode r : gone) {
                assertTrue(r.get("deleted").asBoolean());
                assertTrue(r.get("content").isNull());
                assertEquals(
                        documentOf.get(r.get("itemId").asText()),
                        r.get("documentId").asText());
            }

            // a second connector on another prefix sees only its own objects
            String other = fixture.connector(api, "Other team", kb, "other/");
            var own = api.sync(other, false);
            assertEquals(4, counts(own).get("added"));
            var otherItems = SaasApi.records(records, other, 4);
            assertTrue(
                    otherItems.stream().allMatch(r -> r.get("itemId").asText().startsWith("other/")));
            assertTrue(sent.keySet().stream().allMatch(k -> k.startsWith("docs/")));

            // the credential: in no answer, no record, no log line
            List<String> all = api.everything(docs);
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
        fixture.client()
                .putObject(
                        b -> b.bucket(fixture.bucket()).key(key).contentType("text/plain"),
                        RequestBody.fromString(text));
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
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
