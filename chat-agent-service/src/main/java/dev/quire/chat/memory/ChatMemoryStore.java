package dev.quire.chat.memory;

import dev.quire.chat.agent.Turn;
import java.util.List;

/**
 * Where a conversation's memory lives, shaped after langchain4j's {@code ChatMemoryStore} (langchain4j is not on
 * this service's classpath: the agent speaks to the model over its own client). There is no
 * {@code updateMessages}: messages are written by the agent together with their usage event in one transaction,
 * so the store only reads them, and deletes them with the conversation.
 */
public interface ChatMemoryStore {
    /** The conversation's messages, oldest first (at most the newest {@link #MAX_MESSAGES}). */
    List<Turn.Message> getMessages(MemoryId id);

    /** Forgets the conversation's messages (the conversation itself stays). */
    void deleteMessages(MemoryId id);

    /** Messages read per conversation: a token window never needs more. */
    int MAX_MESSAGES = 200;
}
