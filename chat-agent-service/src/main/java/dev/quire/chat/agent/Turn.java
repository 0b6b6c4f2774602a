package dev.quire.chat.agent;

import java.util.List;
import java.util.UUID;

/** One user message to answer, with who asks (from the verified token) and under which client id. */
public record Turn(
        UUID tenantId,
        UUID userId,
        String bearerToken,
        UUID conversationId,
        String content,
        List<UUID> knowledgeBaseIds,
        Integer maxTokens) {}
