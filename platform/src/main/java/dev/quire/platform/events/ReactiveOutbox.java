package dev.quire.platform.events;

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
}
