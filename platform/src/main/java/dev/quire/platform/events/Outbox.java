package dev.quire.platform.events;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/** Writes an event into the outbox table on the caller's transaction, so it commits with the state it announces. */
@ApplicationScoped
public class Outbox {
    private final EventPublisher publisher;

    public Outbox(EventPublisher publisher) {
        this.publisher = publisher;
    }

    public void add(Connection c, String topic, String key, Object event) throws SQLException {
        Db.update(
                c,
                "insert into outbox(topic, record_key, payload) values (?, ?, ?)",
                topic,
                key,
                publisher.toJson(event));
    }
}
