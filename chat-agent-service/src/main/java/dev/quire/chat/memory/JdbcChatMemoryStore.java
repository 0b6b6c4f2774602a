package dev.quire.chat.memory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.List;

/**
 * langchain4j's {@link ChatMemoryStore} over the persisted messages (PostgreSQL, tenant wall and owner filter as
 * everywhere); its memory id is a {@link MemoryId}. Empty messages (an answer cut before its first token) and failed
 * answers are not memory. Messages are written by the agent together with their usage event in one transaction
 * ({@code ConversationStore.addAnswer}), never through {@link #updateMessages}.
 */
@ApplicationScoped
public class JdbcChatMemoryStore implements ChatMemoryStore {
    /** Messages read per conversation: a token window never needs more. */
    public static final int MAX_MESSAGES = 200;

    private final Db db;

    public JdbcChatMemoryStore(Db db) {
        this.db = db;
    }

    /** The conversation's messages, oldest first (at most the newest {@link #MAX_MESSAGES}). */
    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        MemoryId id = (MemoryId) memoryId;
        return db.inTenant(id.tenantId(), c -> {
            List<ChatMessage> newestFirst = Db.list(
                    c,
                    "select m.role, m.content from messages m join conversations v"
                            + " on v.tenant_id = m.tenant_id and v.id = m.conversation_id"
                            + " where m.tenant_id = ? and m.conversation_id = ? and v.user_id = ? and m.content <> ''"
                            + " and m.role in ('user', 'assistant') and coalesce(m.finish_reason, '') <> 'error'"
                            + " order by m.created_at desc limit ?",
                    rs -> rs.getString(1).equals("user")
                            ? UserMessage.from(rs.getString(2))
                            : AiMessage.from(rs.getString(2)),
                    id.tenantId(),
                    id.conversationId(),
                    id.userId(),
                    MAX_MESSAGES);
            Collections.reverse(newestFirst);
            return newestFirst;
        });
    }

    /** Refused: an answer is stored with its usage event in one transaction, which this SPI cannot carry. */
    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        throw new UnsupportedOperationException(
                "messages are stored with their usage event by ConversationStore.addAnswer");
    }

    /** Forgets the conversation's messages (the conversation itself stays). */
    @Override
    public void deleteMessages(Object memoryId) {
        MemoryId id = (MemoryId) memoryId;
        db.inTenant(
                id.tenantId(),
                c -> Db.update(
                        c,
                        "delete from messages m using conversations v"
                                + " where v.tenant_id = m.tenant_id and v.id = m.conversation_id"
                                + " and m.tenant_id = ? and m.conversation_id = ? and v.user_id = ?",
                        id.tenantId(),
                        id.conversationId(),
                        id.userId()));
    }
}
