package dev.quire.platform.testing;

import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Consumers of the test topics on the real broker, each in a group of its own (so it sees every record). */
public final class TestKafka {
    private TestKafka() {}

    /**
     * The name {@code topic} has in the running test profile: each service's tests prefix their topics with
     * {@code test.<service>.} ({@code quire.kafka.topic-prefix}), so two modules' tests can run at once on one broker
     * without reading each other's records.
     */
    public static String topic(String topic) {
        // never the running stack's own topics: a test profile without its prefix fails here instead
        String prefix = ConfigProvider.getConfig()
                .getOptionalValue("quire.kafka.topic-prefix", String.class)
                .filter(p -> p.startsWith("test."))
                .orElseThrow(() -> new IllegalStateException("quire.kafka.topic-prefix must be test.<service>."));
        return prefix + topic;
    }

    /** A string consumer in a fresh group, starting at {@code offsetReset} ("earliest" or "latest"); not subscribed. */
    public static KafkaConsumer<String, String> consumer(String bootstrap, String offsetReset) {
        var p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** A string consumer in a fresh group subscribed to {@code topic} from its earliest record. */
    public static KafkaConsumer<String, String> subscribed(String bootstrap, String topic) {
        var c = consumer(bootstrap, "earliest");
        c.subscribe(List.of(topic));
        return c;
    }
}
