package dev.quire.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.platform.testing.TestKafka;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Events sent over the real broker to the test topics, as ingestion-service would send them. */
final class Events {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private Events() {}

    /**
     * A document's only batch (0 of 1) as ingestion-service announces it, embedded with the default model
     * ({@code all-minilm-l6-v2-q}, 384 dimensions).
     */
    static DocumentChunked wholeDocument(
            UUID tenant,
            UUID kb,
            UUID doc,
            int version,
            String filename,
            List<ChunkPayload> chunks,
            String language,
            List<String> tags) {
        return wholeDocument(tenant, kb, doc, version, "all-minilm-l6-v2-q", 384, filename, chunks, language, tags);
    }

    /** A document's only batch (0 of 1), its vectors of {@code model} in {@code dimension} dimensions. */
    static DocumentChunked wholeDocument(
            UUID tenant,
            UUID kb,
            UUID doc,
            int version,
            String model,
            int dimension,
            String filename,
            List<ChunkPayload> chunks,
            String language,
            List<String> tags) {
        return new DocumentChunked(
                UUID.randomUUID(),
                tenant,
                Instant.now(),
                doc,
                kb,
                version,
                0,
                1,
                model,
                dimension,
                filename,
                chunks,
                language,
                tags);
    }

    /** One event as JSON on {@code topic}, waiting for the broker's acknowledgement. */
    static void send(String topic, String key, Object event) throws Exception {
        var p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:9092");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsString(event)))
                    .get();
        }
    }

    /** A chunked batch on {@code test.retrieval.document.chunked}, keyed tenant:document. */
    static void publish(DocumentChunked e) throws Exception {
        send(TestKafka.topic("document.chunked"), e.tenantId() + ":" + e.documentId(), e);
    }
}
