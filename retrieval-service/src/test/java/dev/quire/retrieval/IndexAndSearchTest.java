package dev.quire.retrieval;

import static dev.quire.retrieval.Events.publish;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import dev.quire.retrieval.search.QueryEmbedder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/** Chunks arrive over the real broker, land in pgvector, and are searchable only by their tenant. */
@QuarkusTest
class IndexAndSearchTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final String MODEL = "all-minilm-l6-v2-q";

    @Inject
    QueryEmbedder embedder;

    @Inject
    Db db;

    private final UUID tenantA = UUID.randomUUID();
    private final UUID tenantB = UUID.randomUUID();
    private final UUID kb = UUID.randomUUID();

    private DocumentChunked batch(UUID doc, int version, int batch, int batchCount, String model, String... texts) {
        return batch(tenantA, kb, List.of(), doc, version, batch, batchCount, model, texts);
    }

    DocumentChunked batch(
            UUID tenant,
            UUID kbId,
            List<String> tags,
            UUID doc,
            int version,
            int batch,
            int batchCount,
            String model,
            String... texts) {
        var chunks = new ArrayList<ChunkPayload>();
        for (int i = 0; i < texts.length; i++) {
            int index = batch * 100 + i;
            chunks.add(new ChunkPayload(
                    doc + "-" + version + "-" + index,
                    index,
                    texts[i],
                    embedder.embed(texts[i]),
                    1 + i,
                    "Section",
                    20));
        }
        return new DocumentChunked(
                UUID.randomUUID(),
                tenant,
                Instant.now(),
                doc,
                kbId,
                version,
                batch,
                batchCount,
                model,
                384,
                "handbook.pdf",
                chunks,
                "english",
                tags);
    }

    static io.restassured.response.ValidatableResponse search(UUID tenant, String query, String mode) {
        return Search.ok(Tokens.of(tenant, "viewer"), Map.of("query", query, "mode", mode, "topK", 5));
    }

    @Test
    void completeVersionBecomesSearchableOnlyForItsTenant() throws Exception {
        UUID doc = UUID.randomUUID();
        String word = unique("quokka");
        try (var indexed = consumer(TestKafka.topic("document.indexed"))) {
            publish(batch(doc, 1, 0, 2, MODEL, "The " + word + " lives on Rottnest Island and is famously friendly."));
            // half a version is not searchable yet
            Thread.sleep(3000);
            search(tenantA, word, "keyword").body("results.size()", equalTo(0));
            publish(batch(doc, 1, 1, 2, MODEL, "Parking permits are issued by the facilities team on Mondays."));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> search(tenantA, word, "keyword")
                    .body("results[0].documentId", equalTo(doc.toString()))
                    .body("results[0].filename", equalTo("handbook.pdf"))
                    .body("results[0].page", equalTo(1)));
            assertEquals(2, awaitIndexed(indexed, doc));
        }
        search(tenantA, "Which island does the animal live on?", "vector")
                .body("results[0].text", containsString("Rottnest"))
                .body("tookMs", greaterThanOrEqualTo(0));
        search(tenantA, "who issues parking permits", "hybrid").body("results.documentId", hasItem(doc.toString()));
        for (String mode : List.of("vector", "keyword", "hybrid")) {
            search(tenantB, word + " Rottnest parking permits", mode)
                    .body("results.documentId", not(hasItem(doc.toString())));
        }
    }

    @Test
    void rowLevelSecurityAloneHidesForeignChunks() throws Exception {
        UUID doc = UUID.randomUUID();
        publish(batch(doc, 1, 0, 1, MODEL, "Tenant A's secret roadmap."));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(1L, countWithoutFilter(tenantA, doc)));
        // no application filter in this query: only the policy on app.tenant_id stands between B and A's rows
        assertEquals(0L, countWithoutFilter(tenantB, doc));
    }

    /** A new document of tenant A and the unique words its first and second version are about. */
    private record TwoVersions(UUID doc, String oldWord, String newWord) {}

    /** A new document whose version 1 ("Version one {verb} {the old word}") is indexed and found. */
    private TwoVersions versionOneIndexed(String verb, String oldPrefix, String newPrefix) throws Exception {
        var v = new TwoVersions(UUID.randomUUID(), unique(oldPrefix), unique(newPrefix));
        indexVersion(v.doc(), 1, "Version one " + verb + " " + v.oldWord(), v.oldWord());
        return v;
    }

    @Test
    void newVersionReplacesTheOldOne() throws Exception {
        var v = versionOneIndexed("says", "oldword", "newword");
        indexVersion(v.doc(), 2, "Version two says " + v.newWord(), v.newWord());
        search(tenantA, v.oldWord(), "keyword").body("results.size()", equalTo(0));
    }

    @Test
    void previousVersionIsServedUntilEveryBatchOfTheNewOneArrived() throws Exception {
        var v = versionOneIndexed("mentions", "oldv", "newv");
        UUID doc = v.doc();
        String oldWord = v.oldWord();
        String newWord = v.newWord();
        publish(batch(doc, 2, 0, 2, MODEL, "Version two mentions " + newWord));
        await().atMost(Duration.ofSeconds(60)).until(() -> chunksOfVersion(doc, 2) == 1);
        search(tenantA, oldWord, "keyword").body("results.size()", greaterThan(0));
        search(tenantA, newWord, "keyword").body("results.size()", equalTo(0));
        publish(batch(doc, 2, 1, 2, MODEL, "The second half of version two."));
        awaitFound(newWord);
        search(tenantA, oldWord, "keyword").body("results.size()", equalTo(0));
        // the old version completing late (a reprocess raced a slow worker) must not replace the new one
        publish(batch(doc, 1, 0, 1, MODEL, "Version one mentions " + oldWord));
        Thread.sleep(3000);
        search(tenantA, newWord, "keyword").body("results.size()", greaterThan(0));
        search(tenantA, oldWord, "keyword").body("results.size()", equalTo(0));
    }

    @Test
    void taggedEventChangesTheTagFilterAlsoForChunksArrivingLater() throws Exception {
        UUID doc = UUID.randomUUID();
        String word = unique("tagword");
        publish(batch(tenantA, kb, List.of("draft"), doc, 1, 0, 1, MODEL, "A text about " + word));
        awaitFound(word);
        publishTagged(doc, List.of("final"));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> searchTags(word, "final").body("results.size()", greaterThan(0)));
        searchTags(word, "draft").body("results.size()", equalTo(0));
        // a new version cut with the old tags takes the document's current ones
        publish(batch(tenantA, kb, List.of("draft"), doc, 2, 0, 1, MODEL, "A second text about " + word));
        await().atMost(Duration.ofSeconds(60)).until(() -> chunksOfVersion(doc, 2) == 1);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> searchTags(word, "final").body("results.text", hasItem(containsString("second"))));
        searchTags(word, "draft").body("results.size()", equalTo(0));
    }

    /** A word no other test indexes: {@code prefix} and six random characters. */
    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Publishes {@code version} of {@code doc} as one batch of {@code text} and waits until {@code word} is found. */
    private void indexVersion(UUID doc, int version, String text, String word) throws Exception {
        publish(batch(doc, version, 0, 1, MODEL, text));
        awaitFound(word);
    }

    /** Waits (60 s at most) until a keyword search of tenant A finds {@code word}. */
    private void awaitFound(String word) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> search(tenantA, word, "keyword").body("results.size()", greaterThan(0)));
    }

    private io.restassured.response.ValidatableResponse searchTags(String query, String tag) {
        return Search.ok(
                Tokens.of(tenantA, "viewer"),
                Map.of("query", query, "mode", "keyword", "topK", 5, "tags", List.of(tag)));
    }

    private long chunksOfVersion(UUID doc, int version) {
        return countChunks(tenantA, "tenant_id = ? and document_id = ? and version = ?", tenantA, doc, version);
    }

    /** The tenant's chunks that match {@code where}, counted in a transaction under the tenant's wall. */
    private long countChunks(UUID tenant, String where, Object... params) {
        return Sql.longValue(db, tenant, "select count(*) from chunks where " + where, params);
    }

    private void publishTagged(UUID doc, List<String> tags) throws Exception {
        var event =
                new dev.quire.contracts.events.DocumentTagged(UUID.randomUUID(), tenantA, Instant.now(), doc, kb, tags);
        Events.send(TestKafka.topic("document.tagged"), tenantA + ":" + doc, event);
    }

    @Test
    void batchWhoseVectorsAreNotOfItsModelsDimensionGoesToTheDeadLetterTopic() throws Exception {
        UUID doc = UUID.randomUUID();
        try (var dlq = consumer(TestKafka.topic("document.chunked.dlq"))) {
            // announced as text-embedding-3-small's 1536 dimensions, but the vectors are MiniLM's 384
            var b = batch(doc, 1, 0, 1, "text-embedding-3-small", "wrong model");
            publish(new DocumentChunked(
                    b.eventId(),
                    b.tenantId(),
                    b.occurredAt(),
                    b.documentId(),
                    b.knowledgeBaseId(),
                    b.version(),
                    b.batch(),
                    b.batchCount(),
                    b.embeddingModel(),
                    1536,
                    b.filename(),
                    b.chunks(),
                    b.language(),
                    b.tags()));
            var end = Instant.now().plusSeconds(60);
            boolean found = false;
            while (!found && Instant.now().isBefore(end)) {
                for (var r : dlq.poll(Duration.ofMillis(500))) {
                    found |= r.value().contains(doc.toString());
                }
            }
            assertTrue(found, "refused batch reached the DLQ");
        }
        assertEquals(0L, countWithoutFilter(tenantA, doc));
    }

    @Test
    void invalidSearchIsRejectedWithProblem() {
        given().auth()
                .oauth2(Tokens.of(tenantA, "member"))
                .contentType(ContentType.JSON)
                .body(Map.of("query", "x", "topK", 51))
                .post("/api/v1/search")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"));
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "x"))
                .post("/api/v1/search")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_token"));
        search(tenantA, "anything at all", "hybrid").body("results.knowledgeBaseId", everyItem(equalTo(kb.toString())));
    }

    private long countWithoutFilter(UUID tenant, UUID doc) {
        return countChunks(tenant, "document_id = ?", doc);
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        var c = TestKafka.consumer("127.0.0.1:9092", "latest");
        c.subscribe(List.of(topic));
        // join the group before anything is published, so "latest" cannot skip the record we wait for
        var end = Instant.now().plusSeconds(30);
        while (c.assignment().isEmpty() && Instant.now().isBefore(end)) {
            c.poll(Duration.ofMillis(200));
        }
        return c;
    }

    private static int awaitIndexed(KafkaConsumer<String, String> consumer, UUID doc) throws Exception {
        var end = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(end)) {
            for (var r : consumer.poll(Duration.ofMillis(500))) {
                var n = JSON.readTree(r.value());
                if (n.get("documentId").asText().equals(doc.toString())) {
                    return n.get("chunkCount").asInt();
                }
            }
        }
        return -1;
    }
}
