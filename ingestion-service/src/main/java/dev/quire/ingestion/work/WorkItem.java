package dev.quire.ingestion.work;

import dev.quire.platform.runtime.TraceContext;
import java.util.UUID;

/**
 * A claimed unit of ingestion work: one document version, its request payload, how often it was tried, and the trace
 * context of the request that queued it (the worker continues that trace).
 */
public record WorkItem(UUID tenantId, UUID documentId, int version, String payload, int attempts, TraceContext trace) {}
