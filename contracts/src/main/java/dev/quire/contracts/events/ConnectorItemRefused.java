package dev.quire.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code connector.item-refused}: ingestion-service did not make a connector item a document (code
 * {@code quota_exceeded}: the plan's document or storage limit); connector-service lists it among the run's per-item
 * errors, so the run ends {@code COMPLETED_WITH_ERRORS}, and forgets the item's version so the next run tries again.
 * {@code documentExisted}: an earlier version of the item is still the document (it stays as it was).
 */
public record ConnectorItemRefused(
        UUID eventId,
        UUID tenantId,
        Instant occurredAt,
        UUID connectorId,
        UUID runId,
        UUID documentId,
        String itemId,
        String itemVersion,
        String name,
        String url,
        String code,
        String message,
        boolean documentExisted) {}
