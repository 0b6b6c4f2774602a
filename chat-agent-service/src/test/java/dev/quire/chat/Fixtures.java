package dev.quire.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.TestKafka;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
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
        putSeed(retrievalUrl, "/_seed/" + tenant, JSON.writeValueAsString(hits));
    }

    /** Makes the fake retrieval answer this tenant's searches with one hit per passage, all from knowledge base {@code kb}. */
    static void seed(String retrievalUrl, UUID tenant, UUID kb, String... passages) throws Exception {
        seed(
                retrievalUrl,
                tenant,
                java.util.Arrays.stream(passages).map(p -> hit(kb, p)).toList());
    }

    /** Makes the fake ingestion list these knowledge bases (maps with id, name, ...) as the tenant's. */
    static void knowledgeBases(String ingestionUrl, UUID tenant, List<Map<String, String>> kbs) {
        putSeed(ingestionUrl, "/_kbs/" + tenant, kbs);
    }

    /** Seeds one of the fake servers: the JSON {@code body} put at {@code path}, answered 204. */
    private static void putSeed(String baseUri, String path, Object body) {
        given().baseUri(baseUri)
                .contentType("application/json")
                .body(body)
                .put(path)
                .then()
                .statusCode(204);
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

    /** A request of the token's carrying a JSON {@code body}. */
    static RequestSpecification withJson(String token, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body);
    }

    static String conversation(String token) {
        return createConversation(token, "{}").then().statusCode(201).extract().path("id");
    }

    /** A conversation created over HTTP (JSON {@code body}: title, knowledge bases), answered as JSON. */
    static Response createConversation(String token, String body) {
        return withJson(token, body).post("/api/v1/conversations");
    }

    /** A change of a conversation over HTTP (JSON {@code body}: title, knowledge bases, pinned), answered as JSON. */
    static Response changeConversation(String token, String conversation, String body) {
        return withJson(token, body).patch("/api/v1/conversations/" + conversation);
    }

    /** A message posted over HTTP to a conversation (JSON {@code body}), answered as JSON. */
    static Response sendMessage(String token, String conversation, String body) {
        return withJson(token, body).post("/api/v1/conversations/" + conversation + "/messages");
    }

    /** A rating of a message posted over HTTP (JSON {@code body}: rating, comment), answered as JSON. */
    static Response feedback(String token, String message, String body) {
        return withJson(token, body).post("/api/v1/messages/" + message + "/feedback");
    }

    /** The token's conversations whose title or messages contain {@code q} (all of them for a blank one), as JSON. */
    static Response search(String token, String q) {
        return given().auth().oauth2(token).queryParam("q", q).get("/api/v1/conversations");
    }

    /** A request to the OpenAI-compatible {@code /v1/chat/completions} (JSON {@code body}), answered in its shape. */
    static Response completion(String token, String body) {
        return withJson(token, body).post("/v1/chat/completions");
    }

    /** The events of a 200 {@code text/event-stream} answer, in order, each its lines (the blank lines between dropped). */
    static List<String> events(Response sse) {
        String body = sse.then()
                .statusCode(200)
                .contentType(startsWith("text/event-stream"))
                .extract()
                .asString();
        return List.of(body.strip().split("\n\n"));
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
