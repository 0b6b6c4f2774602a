package dev.quire.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code document.tagged} (project addition): a document's complete tag set after a tag or untag. */
public record DocumentTagged(
        UUID eventId, UUID tenantId, Instant occurredAt, UUID documentId, UUID knowledgeBaseId, List<String> tags) {}
