package dev.quire.ingestion.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.DocumentStatusChanged;
import dev.quire.ingestion.knowledgebase.KbEventHub;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads {@code document.status} in a consumer group of this replica alone (every replica sees every event, from the
 * newest on) and feeds the knowledge bases' event streams.
 */
@ApplicationScoped
public class StatusStream {
    private static final Logger LOG = Logger.getLogger(StatusStream.class);
    public static final String TYPE = "document.status";

    private final KbEventHub hub;
    private final ObjectMapper json;
    private final String bootstrap;
    private final String topic;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running;
    private Thread thread;

    public StatusStream(
            KbEventHub hub,
            ObjectMapper json,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "quire.kafka.topic-prefix") Optional<String> prefix) {
        this.hub = hub;
        this.json = json;
        this.bootstrap = bootstrap;
        this.topic = prefix.orElse("") + Topics.STATUS;
    }

    void start(@Observes StartupEvent ev) {
        var p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "ingestion-events-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingestion-events");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        running = true;
        thread = new Thread(this::loop, "kb-event-stream");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    private void loop() {
        try (var c = consumer) {
            c.subscribe(List.of(topic));
            while (running) {
                for (var r : c.poll(Duration.ofSeconds(1))) {
                    handle(r.value());
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.errorf(e, "event stream consumer stopped");
        }
    }

    void handle(String payload) {
        try {
            var e = json.readValue(payload, DocumentStatusChanged.class);
            if (e.tenantId() == null || e.knowledgeBaseId() == null) {
                return;
            }
            hub.publish(e.tenantId(), e.knowledgeBaseId(), TYPE, seq -> frame(e));
        } catch (Exception ex) {
            LOG.warnf("unreadable document.status record skipped: %s", ex.getMessage());
        }
    }

    private String frame(DocumentStatusChanged e) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", TYPE);
        m.put("documentId", e.documentId());
        m.put("knowledgeBaseId", e.knowledgeBaseId());
        m.put("version", e.version());
        m.put("status", e.status());
        if (e.error() != null) {
            m.put("error", e.error());
        }
        if (e.chunkCount() != null) {
            m.put("chunkCount", e.chunkCount());
        }
        m.put("occurredAt", e.occurredAt());
        try {
            return json.writeValueAsString(m);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
