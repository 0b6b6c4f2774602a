package dev.quire.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.runtime.TraceContext;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes events to Kafka through reactive messaging's {@value #CHANNEL} channel (acks=all, idempotent: see each
 * service's {@code mp.messaging.outgoing.quire-events.*}), the topic chosen per record, waiting for the broker.
 */
@ApplicationScoped
public class EventPublisher {
    /** The outgoing channel every service publishes through. */
    public static final String CHANNEL = "quire-events";

    private static final Duration ACK_WAIT = Duration.ofSeconds(35);

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;
    private final String prefix;

    public EventPublisher(
            @Channel(CHANNEL) MutinyEmitter<String> emitter,
            ObjectMapper json,
            @ConfigProperty(name = "quire.kafka.topic-prefix") Optional<String> prefix) {
        this.emitter = emitter;
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
        send(topic, key, payload, Map.of());
    }

    public void send(String topic, String key, Object event) {
        send(topic, key, toJson(event));
    }

    /** The same with record headers (UTF-8 values), e.g. a dead letter's reason. */
    public void send(String topic, String key, String payload, Map<String, String> headers) {
        send(topic, key, payload, headers, TraceContext.NONE);
    }

    /**
     * The same, the record sent as part of {@code trace} (a context stored earlier, e.g. with an outbox row): the
     * messaging instrumentation starts its producer span under it and writes it into the record's headers. With
     * {@link TraceContext#NONE} the current context is the parent, as for every other send.
     */
    public void send(String topic, String key, String payload, Map<String, String> headers, TraceContext trace) {
        var kafkaHeaders = new RecordHeaders();
        headers.forEach((k, v) -> kafkaHeaders.add(k, v.getBytes(StandardCharsets.UTF_8)));
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(prefix + topic)
                .withKey(key)
                .withHeaders(kafkaHeaders)
                .build();
        Message<String> message = Message.of(payload).addMetadata(metadata);
        if (!trace.isEmpty()) {
            message = message.addMetadata(TracingMetadata.withCurrent(trace.asParent()));
        }
        try {
            emitter.sendMessage(message).await().atMost(ACK_WAIT);
        } catch (RuntimeException e) {
            throw new IllegalStateException("publish to " + topic + " failed: " + e.getMessage(), e);
        }
    }
}
