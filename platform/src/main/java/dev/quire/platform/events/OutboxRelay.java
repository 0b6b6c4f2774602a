package dev.quire.platform.events;

import dev.quire.platform.db.Db;
import dev.quire.platform.runtime.TraceContext;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows in order and deletes them once Kafka has acknowledged them. Rows are locked with SKIP LOCKED
 * so several replicas can relay at once; Kafka being down only delays events. A service without an outbox table sets
 * {@code quire.outbox.enabled=false}. Each record is sent as a child of the trace context stored with its row (the
 * request that wrote it), not of the relay's own (empty) context, and carries that trace in its Kafka headers.
 */
@ApplicationScoped
@IfBuildProperty(name = "quire.outbox.enabled", stringValue = "true", enableIfMissing = true)
@RequiredArgsConstructor
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private record Row(long id, String topic, String key, String payload, TraceContext trace) {}

    private final Db db;
    private final EventPublisher publisher;

    @Scheduled(every = "${quire.outbox.poll:0.2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        try {
            while (relayBatch() > 0) {
                // keep draining while rows are waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay paused: %s", e.getMessage());
        }
    }

    /** Publishes up to 100 waiting rows; returns how many. */
    public int relayBatch() {
        return db.tx(c -> {
            List<Row> rows = Db.list(
                    c,
                    "select id, topic, record_key, payload, traceparent, tracestate from outbox"
                            + " order by id limit 100 for update skip locked",
                    rs -> new Row(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            new TraceContext(rs.getString(5), rs.getString(6))));
            for (Row r : rows) {
                publisher.send(r.topic(), r.key(), r.payload(), Map.of(), r.trace());
            }
            if (!rows.isEmpty()) {
                Db.update(
                        c,
                        "delete from outbox where id = any(?)",
                        new Db.SqlArray("bigint", rows.stream().map(Row::id).toList()));
            }
            return rows.size();
        });
    }
}
