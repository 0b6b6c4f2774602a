package dev.quire.contracts.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** {@code tenant.changed}: {@code change} is plan, suspended, deleted, keys-rotated, api-key-revoked or
 * user-changed (a role change or deletion; {@code values.userId}). */
public record TenantChanged(
        UUID eventId, UUID tenantId, Instant occurredAt, String change, Map<String, Object> values) {}
