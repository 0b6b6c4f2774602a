package dev.quire.chat.events;

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
        try (var ps = c.prepareStatement("insert into outbox(topic, record_key, payload) values (?, ?, ?)")) {
            ps.setString(1, topic);
            ps.setString(2, key);
            ps.setString(3, publisher.toJson(event));
            ps.executeUpdate();
        }
    }
}
