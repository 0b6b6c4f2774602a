package dev.quire.retrieval;

import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.platform.testing.FakeEmbeddings;
import dev.quire.platform.testing.TestKafka;
import dev.quire.retrieval.search.QueryEmbedder;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the tests of knowledge bases on an OpenAI-compatible embedding model start from: the fake embedding server on
 * the test profile's {@code quire.retrieval.embedding.base-url} for the class, the MiniLM embedder, a fresh tenant,
 * and documents published and awaited as indexed.
 */
abstract class OnFakeEmbeddings {
    /** The port of the test profile's {@code quire.retrieval.embedding.base-url}. */
    private static final int PORT = 18291;

    static FakeEmbeddings fake;

    @Inject
    QueryEmbedder miniLm;

    final UUID tenant = UUID.randomUUID();

    @BeforeAll
    static void startFake() {
        fake = FakeEmbeddings.start(PORT);
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    /** A document's only batch, one chunk per text with its vector of {@code model}. */
    static DocumentChunked document(
            UUID tenant, UUID kb, UUID doc, String model, int dimension, List<float[]> vectors, String... texts) {
        var chunks = new ArrayList<ChunkPayload>();
        for (int i = 0; i < texts.length; i++) {
            chunks.add(new ChunkPayload(doc + "-1-" + i, i, texts[i], vectors.get(i), 1, null, 12));
        }
        return Events.wholeDocument(tenant, kb, doc, 1, model, dimension, "energy.pdf", chunks, "english", List.of());
    }

    /** Publishes the document's batch and waits until it is announced indexed; its chunk count. */
    static int indexed(DocumentChunked document) throws Exception {
        try (var consumer = indexedConsumer()) {
            Events.publish(document);
            return awaitIndexed(consumer, document.documentId());
        }
    }

    /** A consumer of {@code document.indexed} that has joined its group before anything is published. */
    private static KafkaConsumer<String, String> indexedConsumer() {
        var indexed = TestKafka.consumer("127.0.0.1:9092", "latest");
        indexed.subscribe(List.of(TestKafka.topic("document.indexed")));
        indexed.poll(Duration.ofSeconds(5));
        return indexed;
    }

    /** Waits for {@code document.indexed} of {@code doc}; returns its chunk count. */
    private static int awaitIndexed(KafkaConsumer<String, String> consumer, UUID doc) {
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
}
