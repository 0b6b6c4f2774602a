package dev.quire.chat.memory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.quire.chat.store.MessageEntity;
import dev.quire.platform.db.ReactiveTenantTx;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * langchain4j's {@link ChatMemoryStore} over the persisted messages (Hibernate Reactive Panache entities, tenant wall
 * and owner filter as everywhere); its memory id is a {@link MemoryId}. Empty messages (an answer cut before its first
 * token) and failed answers are not memory. Messages are written by the agent together with their usage event in one
 * transaction ({@code ConversationStore.addAnswer}), never through {@link #updateMessages}. The SPI is blocking: its
 * methods wait for their transaction, so they are for worker threads; a chat turn reads memory with {@link #messages}
 * on the transaction that also stores its question ({@link TokenWindowMemory#ask}).
 */
@ApplicationScoped
public class PanacheChatMemoryStore implements ChatMemoryStore {
    /** Messages read per conversation: a token window never needs more. */
    public static final int MAX_MESSAGES = 200;

    /** The owner's conversation's messages that are memory, as a condition on {@code m} (HQL). */
    private static final String MEMORY = "m.tenantId = :tenant and m.conversationId = :conversation"
            + " and exists (select 1 from ConversationEntity v where v.tenantId = m.tenantId"
            + " and v.id = m.conversationId and v.userId = :user)";

    /** The conversation's messages, oldest first (at most the newest {@link #MAX_MESSAGES}). */
    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        MemoryId id = (MemoryId) memoryId;
        return ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(id.tenantId(), s -> messages(id)));
    }

    /** {@link #getMessages} on the caller's transaction (already scoped to the memory's tenant). */
    public Uni<List<ChatMessage>> messages(MemoryId id) {
        return MessageEntity.<MessageEntity>find(
                        "from MessageEntity m where " + MEMORY + " and m.content <> ''"
                                + " and m.role in ('user', 'assistant') and coalesce(m.finishReason, '') <> 'error'"
                                + " order by m.createdAt desc",
                        params(id))
                .range(0, MAX_MESSAGES - 1)
                .list()
                .map(newestFirst -> {
                    List<ChatMessage> messages = new ArrayList<>(newestFirst.size());
                    for (Object o : newestFirst) {
                        var m = (MessageEntity) o;
                        messages.add("user".equals(m.role) ? UserMessage.from(m.content) : AiMessage.from(m.content));
                    }
                    Collections.reverse(messages);
                    return messages;
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
        ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(
                id.tenantId(), s -> MessageEntity.delete("from MessageEntity m where " + MEMORY, params(id))));
    }

    private static Parameters params(MemoryId id) {
        return Parameters.with("tenant", id.tenantId())
                .and("conversation", id.conversationId())
                .and("user", id.userId());
    }
}
