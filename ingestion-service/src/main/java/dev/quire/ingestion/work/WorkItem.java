package dev.quire.ingestion.work;

import java.util.UUID;

/** A claimed unit of ingestion work: one document version, its request payload and how often it was tried. */
public record WorkItem(UUID tenantId, UUID documentId, int version, String payload, int attempts) {}
