package dev.quire.chat.agent;

import dev.quire.platform.auth.Caller;
import java.util.List;
import java.util.UUID;

/** One user message to answer, with who asks (from the verified token) and the gateway's reservation. */
public record Turn(
        Caller caller,
        String bearerToken,
        UUID conversationId,
        String content,
        List<UUID> knowledgeBaseIds,
        Integer maxTokens,
        Reservation reservation,
        List<Message> history) {

    /** An earlier message of the conversation the model sees before the question ({@code user} or {@code assistant}). */
    public record Message(String role, String content) {}

    public Turn {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** The same turn with the conversation's earlier messages the model sees. */
    public Turn withHistory(List<Message> earlier) {
        return new Turn(
                caller, bearerToken, conversationId, content, knowledgeBaseIds, maxTokens, reservation, earlier);
    }

    public UUID tenantId() {
        return caller.tenantId();
    }

    public UUID userId() {
        return caller.userId();
    }
}
