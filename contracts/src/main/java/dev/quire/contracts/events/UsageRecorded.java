package dev.quire.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** {@code usage.recorded}: tokens one answer spent. */
public record UsageRecorded(
        UUID eventId,
        UUID tenantId,
        Instant occurredAt,
        UUID userId,
        UUID conversationId,
        String model,
        int promptTokens,
        int completionTokens,
        String reservationId) {}
