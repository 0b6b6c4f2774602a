package dev.quire.chat.memory;

import java.util.UUID;

/** A conversation's memory, always named with its tenant and owner so a lookup can never cross either. */
public record MemoryId(UUID tenantId, UUID userId, UUID conversationId) {}
