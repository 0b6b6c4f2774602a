package dev.quire.ingestion.audit;

import dev.quire.contracts.Topics;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.platform.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Records who changed which knowledge on {@code audit.recorded}, through the outbox of the change itself. */
@ApplicationScoped
@RequiredArgsConstructor
public class Audit {
    /** One audited action: what was done to which resource, from where. */
    public record Action(String action, String resourceType, UUID resourceId, String ip, Map<String, Object> detail) {}

    private final Outbox outbox;

    /** Adds a successful action to the outbox on the caller's transaction, so it is published only if it commits. */
    public void success(Connection c, UUID tenantId, AuditRecorded.Actor actor, Action a) throws SQLException {
        outbox.add(
                c,
                Topics.AUDIT_RECORDED,
                tenantId.toString(),
                new AuditRecorded(
                        UUID.randomUUID(),
                        tenantId,
                        Instant.now(),
                        actor,
                        a.action(),
                        a.resourceType(),
                        a.resourceId().toString(),
                        "success",
                        a.ip(),
                        a.detail()));
    }
}
