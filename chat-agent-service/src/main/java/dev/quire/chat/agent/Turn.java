package dev.quire.chat.agent;

import dev.quire.chat.store.ConversationOwner;
import dev.quire.platform.auth.Caller;
import java.util.List;
import java.util.UUID;

/**
 * One user message to answer, with who asks (from the verified token) and the gateway's reservation;
 * {@code replaces} (or null) names a message of the conversation's last exchange, which this turn replaces.
 */
public record Turn(
        Caller caller,
        String bearerToken,
        UUID conversationId,
        String content,
        List<UUID> knowledgeBaseIds,
        Integer maxTokens,
        Reservation reservation,
        List<Message> history,
        UUID replaces) {

    /** An earlier message of the conversation the model sees before the question ({@code user} or {@code assistant}). */
    public record Message(String role, String content) {}

    public Turn {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** The same turn with the conversation's earlier messages the model sees. */
    public Turn withHistory(List<Message> earlier) {
        return new Turn(
                caller,
                bearerToken,
                conversationId,
                content,
                knowledgeBaseIds,
                maxTokens,
                reservation,
                earlier,
                replaces);
    }

    public UUID tenantId() {
        return caller.tenantId();
    }

    public UUID userId() {
        return caller.userId();
    }

    /** Whose conversation the turn is in: the user's, or a knowledge-base-restricted key's own. */
    public UUID ownerId() {
        return ConversationOwner.of(caller);
    }
}
