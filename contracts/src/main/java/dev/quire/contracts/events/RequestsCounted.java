package dev.quire.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code usage.requests}: API requests one gateway replica admitted for one tenant since its previous report
 * (a project addition to EVENTS.md, see docs/API-NOTES.md); tenant-service adds them to the usage ledger.
 */
public record RequestsCounted(UUID eventId, UUID tenantId, Instant occurredAt, long requests) {}
