package dev.quire.contracts.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** {@code tenant.changed}: {@code change} is plan, suspended, deleted, keys-rotated or api-key-revoked. */
public record TenantChanged(
        UUID eventId, UUID tenantId, Instant occurredAt, String change, Map<String, Object> values) {}
