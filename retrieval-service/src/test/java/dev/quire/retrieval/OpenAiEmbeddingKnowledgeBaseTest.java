package dev.quire.retrieval;

import static dev.quire.retrieval.Events.publish;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.platform.testing.FakeEmbeddings;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import dev.quire.retrieval.search.QueryEmbedder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A knowledge base created for an OpenAI-compatible embedding model (the fake server of the test profile's
 * {@code quire.retrieval.embedding.base-url}): its chunks, in that model's space and size, are stored and
 * announced indexed, and its queries are embedded by the same server with the knowledge base's model name, for
 * vector and hybrid search, also next to a MiniLM knowledge base of the same tenant.
 */
@QuarkusTest
class OpenAiEmbeddingKnowledgeBaseTest {
    private static FakeEmbeddings fake;

    @Inject
    QueryEmbedder miniLm;

    private final UUID tenant = UUID.randomUUID();

    @BeforeAll
    static void startFake() {
        fake = FakeEmbeddings.start(18291);
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    static DocumentChunked document(
            UUID tenant, UUID kb, UUID doc, String model, int dimension, List<float[]> vectors, String... texts) {
        var chunks = new ArrayList<ChunkPayload>();
        for (int i = 0; i < texts.length; i++) {
            chunks.add(new ChunkPayload(doc + "-1-" + i, i, texts[i], vectors.get(i), 1, null, 12));
        }
        return Events.wholeDocument(tenant, kb, doc, 1, model, dimension, "energy.pdf", chunks, "english", List.of());
    }

    /** A document whose chunks are embedded with the fake server's model. */
    private static DocumentChunked onFakeModel(UUID tenant, UUID kb, UUID doc, String... texts) {
        var vectors = Arrays.stream(texts).map(FakeEmbeddings::vector).toList();
        return document(tenant, kb, doc, FakeEmbeddings.MODEL, FakeEmbeddings.DIMENSION, vectors, texts);
    }

    private static io.restassured.response.ValidatableResponse search(
            UUID tenant, List<UUID> kbs, String query, String mode) {
        return Search.as(
                        Tokens.of(tenant, "viewer"),
                        Map.of("query", query, "mode", mode, "topK", 5, "knowledgeBaseIds", kbs))
                .then()
                .statusCode(200);
    }

    /** A consumer of {@code document.indexed} that has joined its group before anything is published. */
    static KafkaConsumer<String, String> indexedConsumer() {
        var indexed = TestKafka.consumer("127.0.0.1:9092", "latest");
        indexed.subscribe(List.of(TestKafka.topic("document.indexed")));
        indexed.poll(Duration.ofSeconds(5));
        return indexed;
    }

    /** Waits for {@code document.indexed} of {@code doc}; returns its chunk count. */
    static int awaitIndexed(KafkaConsumer<String, String> consumer, UUID doc) {
        var end = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(end)) {
            for (var r : consumer.poll(Duration.ofMillis(500))) {
                if (r.value().contains(doc.toString())) {
                    var m = java.util.regex.Pattern.compile("\"chunkCount\":(\\d+)")
                            .matcher(r.value());
                    return m.find() ? Integer.parseInt(m.group(1)) : -1;
                }
            }
        }
        throw new AssertionError("document " + doc + " was not indexed");
    }

    @Test
    void knowledgeBaseOnAnOpenAiCompatibleModelIsIndexedAndFoundByVectorAndHybridSearch() throws Exception {
        UUID kb = UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        String wind = "Offshore wind turbines produce clean power at sea.";
        String parking = "Parking permits are issued by the facilities team on Mondays.";
        try (var indexed = indexedConsumer()) {
            publish(onFakeModel(tenant, kb, doc, wind, parking));
            assertEquals(2, awaitIndexed(indexed, doc), "the batch of 16-dimension vectors was stored and indexed");
        }
        int before = fake.requests.size();
        search(tenant, List.of(kb), "offshore wind turbines", "vector")
                .body("results[0].documentId", equalTo(doc.toString()))
                .body("results[0].text", containsString("wind turbines"))
                .body("results.size()", equalTo(2));
        assertTrue(fake.requests.size() > before, "the query went to the embedding server");
        assertEquals(
                List.of("offshore wind turbines"),
                fake.requests.get(fake.requests.size() - 1).input(),
                "the query itself was embedded");
        assertEquals(
                FakeEmbeddings.MODEL,
                fake.requests.get(fake.requests.size() - 1).model(),
                "with the knowledge base's model name");
        search(tenant, List.of(kb), "who issues parking permits", "hybrid")
                .body("results[0].text", containsString("Parking permits"));
        assertTrue(fake.inputsFor(FakeEmbeddings.MODEL).contains("who issues parking permits"));
    }

    @Test
    void aMiniLmKnowledgeBaseAndAnOpenAiOneAreSearchedTogetherEachWithItsOwnModel() throws Exception {
        UUID remoteKb = UUID.randomUUID();
        UUID localKb = UUID.randomUUID();
        UUID remoteDoc = UUID.randomUUID();
        UUID localDoc = UUID.randomUUID();
        String remoteText = "Glaciers retreat as the climate warms.";
        String localText = "Glaciers in the Alps lose ice every summer.";
        try (var indexed = indexedConsumer()) {
            publish(onFakeModel(tenant, remoteKb, remoteDoc, remoteText));
            awaitIndexed(indexed, remoteDoc);
            publish(document(
                    tenant, localKb, localDoc, QueryEmbedder.MODEL, 384, List.of(miniLm.embed(localText)), localText));
            awaitIndexed(indexed, localDoc);
        }
        search(tenant, List.of(remoteKb, localKb), "glaciers", "vector")
                .body("results.documentId", hasItem(remoteDoc.toString()))
                .body("results.documentId", hasItem(localDoc.toString()));
        assertTrue(fake.inputsFor(FakeEmbeddings.MODEL).contains("glaciers"));
    }
}
