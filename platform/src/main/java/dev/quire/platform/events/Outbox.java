package dev.quire.platform.events;

import dev.quire.platform.db.Db;
import dev.quire.platform.runtime.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import lombok.RequiredArgsConstructor;

/**
 * Writes an event into the outbox table on the caller's transaction, so it commits with the state it announces, with
 * the trace context of the request that caused it ({@code traceparent}, {@code tracestate}: null when not traced), so
 * the relay publishes the record as part of that request's trace.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class Outbox {
    private final EventPublisher publisher;

    public void add(Connection c, String topic, String key, Object event) throws SQLException {
        TraceContext trace = TraceContext.current();
        Db.update(
                c,
                "insert into outbox(topic, record_key, payload, traceparent, tracestate) values (?, ?, ?, ?, ?)",
                topic,
                key,
                publisher.toJson(event),
                trace.traceparent(),
                trace.tracestate());
    }
}
