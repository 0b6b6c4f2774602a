package dev.quire.ingestion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.Bearer;
import dev.quire.platform.testing.FakeEmbeddings;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Upload → outbox → Kafka → worker → chunks on Kafka, against the real PostgreSQL and broker. */
@QuarkusTest
class IngestionFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOOTSTRAP = System.getProperty("kafka", "127.0.0.1:9092");

    private final UUID tenantA = UUID.randomUUID();
    private final UUID tenantB = UUID.randomUUID();
    private final String tokenA = Tokens.of(tenantA, "member");
    private final String tokenB = Tokens.of(tenantB, "owner");
    private final String adminA = Tokens.of(tenantA, "admin");

    private String createKb(String token) {
        return Bearer.postJson(token, "/api/v1/knowledge-bases", Map.of("name", "Handbook"))
                .statusCode(201)
                .body("embeddingModel", equalTo("all-minilm-l6-v2-q"))
                .body("documentCount", equalTo(0))
                .extract()
                .path("id");
    }

    private io.restassured.response.Response upload(String token, String kb, String name, byte[] bytes) {
        return Bearer.as(token)
                .multiPart("file", name, bytes)
                .multiPart("tags", "policy, hr")
                .post("/api/v1/knowledge-bases/" + kb + "/documents");
    }

    /** An upload that must be accepted (202); the document's id. */
    private String accepted(String token, String kb, String name, byte[] bytes) {
        return upload(token, kb, name, bytes).then().statusCode(202).extract().path("items[0].id");
    }

    /** A document as A's member reads it, to check. */
    private ValidatableResponse documentOfA(String docId) {
        return Bearer.get(tokenA, "/api/v1/documents/" + docId).statusCode(200);
    }

    /** A knowledge base's document list as A's member reads it ({@code query}: a filter, or empty), to check. */
    private ValidatableResponse documentsOfA(String kb, String query) {
        return Bearer.get(tokenA, "/api/v1/knowledge-bases/" + kb + "/documents" + query)
                .statusCode(200);
    }

    /** Waits until A's member sees the document in this status. */
    private void awaitStatus(String docId, String status) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> documentOfA(docId).body("status", equalTo(status)));
    }

    @Test
    void aKnowledgeBaseOnAnOpenAiCompatibleModelHasItsDocumentsEmbeddedWithThatModel() throws Exception {
        try (var fake = FakeEmbeddings.start(18292)) {
            String kb = Bearer.postJson(
                            adminA,
                            "/api/v1/knowledge-bases",
                            Map.of("name", "Energy", "embeddingModel", FakeEmbeddings.MODEL))
                    .statusCode(201)
                    .body("embeddingModel", equalTo(FakeEmbeddings.MODEL))
                    .body("dimension", equalTo(FakeEmbeddings.DIMENSION))
                    .extract()
                    .path("id");
            String marker = "windmill" + UUID.randomUUID().toString().substring(0, 8);
            String md = "# Energy\n\nOffshore wind turbines produce clean power. The " + marker + " stands at sea.\n";
            try (var consumer = consumer()) {
                consumer.subscribe(List.of(TestKafka.topic("document.chunked")));
                String docId = accepted(tokenA, kb, "energy.md", md.getBytes(StandardCharsets.UTF_8));
                JsonNode chunked = awaitRecord(consumer, docId);
                assertEquals(FakeEmbeddings.MODEL, chunked.get("embeddingModel").asText());
                assertEquals(FakeEmbeddings.DIMENSION, chunked.get("dimension").asInt());
                JsonNode chunk = chunked.get("chunks").get(0);
                float[] expected = FakeEmbeddings.vector(chunk.get("text").asText());
                assertEquals(FakeEmbeddings.DIMENSION, chunk.get("embedding").size());
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(
                            expected[i], (float) chunk.get("embedding").get(i).asDouble(), 1e-6);
                }
                assertTrue(
                        fake.inputsFor(FakeEmbeddings.MODEL)
                                .contains(chunk.get("text").asText()),
                        "the chunk went to the embedding server with the knowledge base's model name");
                publishIndexed(docId, chunked.get("chunks").size());
                awaitStatus(docId, "INDEXED");
            }
        }
    }

    @Test
    void uploadedMarkdownIsChunkedOnKafkaAndBecomesIndexedWhenRetrievalSaysSo() throws Exception {
        String kb = createKb(adminA);
        String marker = "zebracorn" + UUID.randomUUID().toString().substring(0, 8);
        String md = "# Travel policy\n\nEmployees book trains for trips under 500 km. The " + marker
                + " rule applies to all.\n\n## Expenses\n\nMeals are refunded up to 40 euros per day.\n";
        try (var consumer = consumer()) {
            consumer.subscribe(List.of(TestKafka.topic("document.chunked")));
            String docId = upload(tokenA, kb, "policy.md", md.getBytes(StandardCharsets.UTF_8))
                    .then()
                    .statusCode(202)
                    .body("items[0].status", equalTo("QUEUED"))
                    .body("items[0].version", equalTo(1))
                    .extract()
                    .path("items[0].id");

            JsonNode chunked = awaitRecord(consumer, docId);
            assertEquals(tenantA.toString(), chunked.get("tenantId").asText());
            assertEquals(384, chunked.get("dimension").asInt());
            assertEquals("policy.md", chunked.get("filename").asText());
            var chunks = chunked.get("chunks");
            assertTrue(chunks.size() >= 2, "a heading starts a new chunk");
            assertEquals(384, chunks.get(0).get("embedding").size());
            assertEquals("Travel policy", chunks.get(0).get("section").asText());
            assertTrue(chunks.toString().contains(marker));

            awaitStatus(docId, "INDEXING");

            publishIndexed(docId, chunks.size());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> documentOfA(docId)
                    .body("status", equalTo("INDEXED"))
                    .body("chunkCount", equalTo(chunks.size()))
                    .body("contentType", equalTo("text/markdown"))
                    .body("tags[1]", equalTo("hr")));
            documentsOfA(kb, "?status=INDEXED").body("items.id", org.hamcrest.Matchers.hasItem(docId));
            documentsOfA(kb, "?status=FAILED").body("items.size()", equalTo(0));
        }
    }

    @Test
    void knowledgeBaseLanguageIsRecordedAndValidated() {
        Bearer.postJson(adminA, "/api/v1/knowledge-bases", Map.of("name", "Handbuch", "language", "german"))
                .statusCode(201)
                .body("language", equalTo("german"));
        Bearer.postJson(adminA, "/api/v1/knowledge-bases", Map.of("name", "Bad", "language", "klingon"))
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void foreignDocumentIsNotFound() {
        String kb = createKb(adminA);
        String docId = accepted(tokenA, kb, "a.txt", "secret plans of tenant A".getBytes(StandardCharsets.UTF_8));
        Bearer.get(tokenB, "/api/v1/documents/" + docId)
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"));
        Bearer.get(tokenB, "/api/v1/knowledge-bases/" + kb).statusCode(404);
        upload(tokenB, kb, "b.txt", "x".getBytes(StandardCharsets.UTF_8)).then().statusCode(404);
    }

    @Test
    void sameBytesInSameKnowledgeBaseAreOneDocument() {
        String kb = createKb(adminA);
        byte[] bytes = ("unique text " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String first = accepted(tokenA, kb, "one.txt", bytes);
        upload(tokenA, kb, "two.txt", bytes)
                .then()
                .statusCode(202)
                .body("items[0].id", equalTo(first))
                .body("items[0].duplicate", equalTo(true));
    }

    @Test
    void binaryGarbageIsUnsupportedAndEmptyFileIsInvalid() {
        String kb = createKb(adminA);
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        upload(tokenA, kb, "notes.txt", garbage)
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("unsupported_media_type"));
        upload(tokenA, kb, "empty.txt", new byte[0]).then().statusCode(400).body("code", equalTo("validation_failed"));
        documentsOfA(kb, "").body("items.size()", equalTo(0));
    }

    @Test
    void viewerCannotUploadAndAnonymousIsUnauthorized() {
        String kb = createKb(adminA);
        upload(Tokens.of(tenantA, "viewer"), kb, "v.txt", "hello".getBytes(StandardCharsets.UTF_8))
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        given().get("/api/v1/knowledge-bases")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_token"));
    }

    private static KafkaConsumer<String, String> consumer() {
        return TestKafka.consumer(BOOTSTRAP, "earliest");
    }

    private static JsonNode awaitRecord(KafkaConsumer<String, String> consumer, String docId) throws Exception {
        Instant end = Instant.now().plusSeconds(90);
        List<String> seen = new ArrayList<>();
        while (Instant.now().isBefore(end)) {
            for (var r : consumer.poll(Duration.ofMillis(500))) {
                JsonNode n = JSON.readTree(r.value());
                if (n.get("documentId").asText().equals(docId)) {
                    assertTrue(r.key().endsWith(":" + docId), "record key is tenant:document");
                    return n;
                }
                seen.add(r.key());
            }
        }
        assertFalse(true, "no chunked event for " + docId + " (saw " + seen.size() + ")");
        return null;
    }

    private void publishIndexed(String docId, int count) throws Exception {
        var p = new Properties();
        p.put("bootstrap.servers", BOOTSTRAP);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            String event = JSON.writeValueAsString(Map.of(
                    "eventId",
                    UUID.randomUUID().toString(),
                    "tenantId",
                    tenantA.toString(),
                    "occurredAt",
                    Instant.now().toString(),
                    "documentId",
                    docId,
                    "version",
                    1,
                    "chunkCount",
                    count));
            producer.send(new ProducerRecord<>(TestKafka.topic("document.indexed"), tenantA + ":" + docId, event))
                    .get();
        }
    }
}
