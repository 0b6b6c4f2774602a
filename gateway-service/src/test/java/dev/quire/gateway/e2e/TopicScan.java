package dev.quire.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The stack's Kafka records written after a starting point, read with a plain consumer (no group: it commits nothing
 * and moves no service's offsets). Topics of the modules' own tests ({@code test.} prefix) are not the stack's.
 */
final class TopicScan {
    private static final String BOOTSTRAP = System.getProperty("kafka", "127.0.0.1:9092");

    /** One record: its topic, and its key, header values and value as text. */
    record Record(String topic, String text) {}

    private final Map<TopicPartition, Long> start;

    private TopicScan(Map<TopicPartition, Long> start) {
        this.start = start;
    }

    /** Remembers where every topic ends now: {@link #since()} reads what comes after. */
    static TopicScan mark() throws Exception {
        return new TopicScan(ends());
    }

    /** Every record written since {@link #mark()} (a topic created since: all of it). */
    List<Record> since() throws Exception {
        Map<TopicPartition, Long> end = ends();
        var p = new Properties();
        p.put("bootstrap.servers", BOOTSTRAP);
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "2000");
        List<Record> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var todo = end.entrySet().stream()
                    .filter(e -> e.getValue() > start.getOrDefault(e.getKey(), 0L))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            consumer.assign(todo.keySet());
            todo.keySet().forEach(tp -> consumer.seek(tp, start.getOrDefault(tp, 0L)));
            long deadline = System.currentTimeMillis() + 120_000;
            while (!todo.isEmpty()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("records still unread on " + todo.keySet());
                }
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    var tp = new TopicPartition(r.topic(), r.partition());
                    Long last = todo.get(tp);
                    if (last == null || r.offset() >= last) {
                        continue;
                    }
                    var sb = new StringBuilder();
                    if (r.key() != null) {
                        sb.append(new String(r.key(), StandardCharsets.UTF_8)).append('\n');
                    }
                    r.headers().forEach(h -> sb.append(h.key())
                            .append('=')
                            .append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8))
                            .append('\n'));
                    if (r.value() != null) {
                        sb.append(new String(r.value(), StandardCharsets.UTF_8));
                    }
                    out.add(new Record(r.topic(), sb.toString()));
                }
                for (var tp : List.copyOf(todo.keySet())) {
                    if (consumer.position(tp) >= todo.get(tp)) {
                        todo.remove(tp);
                    }
                }
            }
        }
        return out;
    }

    private static Map<TopicPartition, Long> ends() throws Exception {
        var p = new Properties();
        p.put("bootstrap.servers", BOOTSTRAP);
        try (var admin = Admin.create(p)) {
            var names = admin.listTopics().names().get().stream()
                    .filter(t -> !t.startsWith("__") && !t.startsWith("test."))
                    .toList();
            var specs = new HashMap<TopicPartition, OffsetSpec>();
            for (var d : admin.describeTopics(names).allTopicNames().get().values()) {
                d.partitions()
                        .forEach(x -> specs.put(new TopicPartition(d.name(), x.partition()), OffsetSpec.latest()));
            }
            var out = new HashMap<TopicPartition, Long>();
            admin.listOffsets(specs).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }
}
