package dev.quire.chat;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.TestKafka;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Helpers shared by the chat tests: seeding the fake retrieval, conversations, and reading test topics. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /** Makes the fake retrieval answer this tenant's searches with {@code hits} (maps with SearchHit's fields). */
    static void seed(String retrievalUrl, UUID tenant, List<Map<String, Object>> hits) throws Exception {
        given().baseUri(retrievalUrl)
                .contentType("application/json")
                .body(JSON.writeValueAsString(hits))
                .put("/_seed/" + tenant)
                .then()
                .statusCode(204);
    }

    /** Makes the fake retrieval answer this tenant's searches with one hit per passage, all from knowledge base {@code kb}. */
    static void seed(String retrievalUrl, UUID tenant, UUID kb, String... passages) throws Exception {
        seed(
                retrievalUrl,
                tenant,
                java.util.Arrays.stream(passages).map(p -> hit(kb, p)).toList());
    }

    /** The {@code X-Quire-Query-Embedding} header of each search of the tenant, in order (empty: none was sent). */
    static List<String> queryEmbeddings(String retrievalUrl, UUID tenant) throws Exception {
        var out = new java.util.ArrayList<String>();
        JSON.readTree(given().baseUri(retrievalUrl)
                        .get("/_embeddings/" + tenant)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The search bodies the fake retrieval received for a tenant. */
    static JsonNode searches(String retrievalUrl, UUID tenant) throws Exception {
        return JSON.readTree(given().baseUri(retrievalUrl)
                .get("/_requests/" + tenant)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    static Map<String, Object> hit(UUID kb, String text) {
        return Map.of(
                "chunkId",
                UUID.randomUUID().toString(),
                "documentId",
                UUID.randomUUID().toString(),
                "knowledgeBaseId",
                kb.toString(),
                "filename",
                "policy.pdf",
                "text",
                text,
                "score",
                0.9,
                "page",
                2);
    }

    static String conversation(String token) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A message posted over HTTP to a conversation (JSON {@code body}), answered as JSON. */
    static Response sendMessage(String token, String conversation, String body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/conversations/" + conversation + "/messages");
    }

    static KafkaConsumer<String, String> consumer(String topic) {
        return TestKafka.subscribed("127.0.0.1:9092", topic);
    }

    /** The first {@code n} records whose JSON values match, within 60 s (one poll may return several). */
    static List<ConsumerRecord<String, String>> awaitAll(
            KafkaConsumer<String, String> consumer, Predicate<JsonNode> match, int n) throws Exception {
        var found = new java.util.ArrayList<ConsumerRecord<String, String>>();
        Instant end = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(end) && found.size() < n) {
            for (var r : consumer.poll(Duration.ofMillis(500))) {
                if (found.size() < n && match.test(JSON.readTree(r.value()))) {
                    found.add(r);
                }
            }
        }
        if (found.size() < n) {
            throw new AssertionError("only " + found.size() + " of " + n + " matching records on the topic");
        }
        return found;
    }

    /** The first record whose JSON value matches, within 60 s. */
    static ConsumerRecord<String, String> await(KafkaConsumer<String, String> consumer, Predicate<JsonNode> match)
            throws Exception {
        Instant end = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(end)) {
            for (var r : consumer.poll(Duration.ofMillis(500))) {
                if (match.test(JSON.readTree(r.value()))) {
                    return r;
                }
            }
        }
        throw new AssertionError("no matching record on the topic");
    }
}
