package dev.quire.contracts.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** {@code audit.recorded}: who did what to which resource, and how it ended. */
public record AuditRecorded(
        UUID eventId,
        UUID tenantId,
        Instant occurredAt,
        Actor actor,
        String action,
        String resourceType,
        String resourceId,
        String outcome,
        String ip,
        Map<String, Object> detail) {

    /** A user or an API key acting. */
    public record Actor(UUID userId, UUID apiKeyId) {}
}
