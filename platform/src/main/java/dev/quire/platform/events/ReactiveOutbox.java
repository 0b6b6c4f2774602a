package dev.quire.platform.events;

import dev.quire.platform.runtime.TraceContext;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes an event into the outbox table on the caller's reactive transaction (the Hibernate Reactive twin of
 * {@link Outbox}), so it commits with the state it announces, with the trace context of the request that caused it;
 * {@link OutboxRelay} sends it on as before. Static, not a bean: the services without Hibernate Reactive also discover
 * platform's beans.
 */
public final class ReactiveOutbox {
    private ReactiveOutbox() {}

    /** With the current trace context (call it where the request's span is current). */
    public static Uni<Void> add(Mutiny.Session s, EventPublisher publisher, String topic, String key, Object event) {
        return add(s, publisher, topic, key, event, TraceContext.current());
    }

    /**
     * With a trace context taken earlier: a blocking caller's transaction runs on a Vert.x context of its own, where
     * the caller's span is not current.
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
