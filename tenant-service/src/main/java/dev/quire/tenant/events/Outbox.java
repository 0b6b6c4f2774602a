package dev.quire.tenant.events;

import dev.quire.contracts.Topics;
import dev.quire.contracts.events.TenantChanged;
import dev.quire.tenant.store.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Writes an event into the outbox table on the caller's transaction, so it commits with the state it announces. */
@ApplicationScoped
public class Outbox {
    /** The tenant id of platform-wide changes such as a signing-key rotation. */
    public static final UUID PLATFORM = new UUID(0, 0);

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

    /** Announces a change of a tenant on {@code tenant.changed}, keyed by the tenant id. */
    public void tenantChanged(Connection c, UUID tenantId, String change, Map<String, Object> values)
            throws SQLException {
        add(
                c,
                Topics.TENANT_CHANGED,
                tenantId.toString(),
                new TenantChanged(UUID.randomUUID(), tenantId, Instant.now(), change, values));
    }
}
