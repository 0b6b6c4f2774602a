package dev.quire.platform.events;

import dev.quire.platform.runtime.TraceContext;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes an event into the outbox table on the caller's reactive transaction (the Hibernate Reactive twin of
 * {@link Outbox}), so it commits with the state it announces; {@link OutboxRelay} sends it on as before. Static, not a
 * bean: the services without Hibernate Reactive also discover platform's beans.
 */
public final class ReactiveOutbox {
    private ReactiveOutbox() {}

    public static Uni<Void> add(Mutiny.Session s, EventPublisher publisher, String topic, String key, Object event) {
        return s.createNativeQuery("insert into outbox(topic, record_key, payload) values (:topic, :key, :payload)")
                .setParameter("topic", topic)
                .setParameter("key", key)
                .setParameter("payload", publisher.toJson(event))
                .executeUpdate()
                .replaceWithVoid();
    }

    /**
     * The same with the trace context of the request that caused the event, as {@link Outbox} stores it, so the relay
     * publishes the record as part of that trace. The caller takes it ({@link TraceContext#current()}) on the request's
     * own thread before the reactive transaction starts: the Vert.x context the transaction runs on does not carry it.
     */
    public static Uni<Void> add(
            Mutiny.Session s, EventPublisher publisher, String topic, String key, Object event, TraceContext trace) {
        return s.createNativeQuery("insert into outbox(topic, record_key, payload, traceparent, tracestate)"
                        + " values (:topic, :key, :payload, :traceparent, :tracestate)")
                .setParameter("topic", topic)
                .setParameter("key", key)
                .setParameter("payload", publisher.toJson(event))
                .setParameter("traceparent", trace.traceparent())
                .setParameter("tracestate", trace.tracestate())
                .executeUpdate()
                .replaceWithVoid();
    }
}
