package dev.quire.ingestion.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Publishes events to Kafka with acks=all and idempotence, waiting for the broker's acknowledgement. */
@ApplicationScoped
public class EventPublisher {
    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json;
    private final String prefix;

    public EventPublisher(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "quire.kafka.topic-prefix") Optional<String> prefix,
            ObjectMapper json) {
        var p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ingestion-publisher");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.json = json;
        this.prefix = prefix.orElse("");
    }

    public String toJson(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sends and waits until the broker has it; throws if it does not within the delivery timeout. */
    public void send(String topic, String key, String payload) {
        send(topic, key, payload, java.util.Map.of());
    }

    /** The same with record headers (UTF-8 values), e.g. a dead letter's reason. */
    public void send(String topic, String key, String payload, java.util.Map<String, String> headers) {
        var record = new ProducerRecord<>(prefix + topic, key, payload);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(35, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (Exception e) {
            throw new IllegalStateException("publish to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    public void send(String topic, String key, Object event) {
        send(topic, key, toJson(event));
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
