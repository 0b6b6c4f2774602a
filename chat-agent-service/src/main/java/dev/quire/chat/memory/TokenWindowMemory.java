package dev.quire.chat.memory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.quire.chat.agent.Turn;
import dev.quire.chat.store.ConversationEntity;
import dev.quire.chat.store.MessageEntity;
import dev.quire.platform.db.ReactiveTenantTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;
import lombok.RequiredArgsConstructor;

/**
 * A token window over langchain4j's {@link dev.langchain4j.store.memory.chat.ChatMemoryStore} (ours is
 * {@link PanacheChatMemoryStore}): the newest messages whose estimated tokens fit the budget, oldest first. It stops
 * at the first message that does not fit, so the window is always a contiguous, recent stretch of the conversation
 * (never an old message without the ones after it).
 */
@ApplicationScoped
@RequiredArgsConstructor
public class TokenWindowMemory {
    private final PanacheChatMemoryStore store;

    /**
     * A turn's question, in the one transaction a turn takes before its answer (the answer takes the second): the
     * replaced last exchange goes first ({@code replacesLast}), then memory is read ({@code remember}: else the window
     * is empty), then the question is stored, so the window holds only earlier messages and never the replaced ones.
     * Waits for the transaction: a turn runs on a worker thread.
     */
    public List<Turn.Message> ask(
            MemoryId id,
            boolean replacesLast,
            boolean remember,
            String question,
            int maxTokens,
            ToIntFunction<String> tokens) {
        return window(ReactiveTenantTx.join(start(id, null, replacesLast, remember, question)), maxTokens, tokens);
    }

    /**
     * The same transaction, started without waiting, so the turn's thread can do its own work (the answer-cache
     * probe) while the database answers; {@code unsaved}, a new conversation, is stored first in it. The outcome is
     * the earlier messages, for {@link #window}.
     */
    public CompletableFuture<List<ChatMessage>> start(
            MemoryId id, ConversationEntity unsaved, boolean replacesLast, boolean remember, String question) {
        var message = MessageEntity.of(id.tenantId(), id.conversationId(), UUID.randomUUID(), "user", question);
        return ReactiveTenantTx.start(() -> ReactiveTenantTx.inTenant(id.tenantId(), s -> (unsaved == null
                        ? Uni.createFrom().voidItem()
                        : unsaved.persist().replaceWithVoid())
                .chain(() -> replacesLast
                        ? MessageEntity.removeLastExchange(id.tenantId(), id.conversationId())
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .chain(() -> remember ? store.messages(id) : Uni.createFrom().item(List.<ChatMessage>of()))
                .call(() -> message.persist())));
    }

    /** The window of {@code earlier} messages that fits {@code maxTokens}. */
    public static List<Turn.Message> window(List<ChatMessage> earlier, int maxTokens, ToIntFunction<String> tokens) {
        return fit(turnMessages(earlier), maxTokens, tokens);
    }

    private static List<Turn.Message> turnMessages(List<ChatMessage> messages) {
        return messages.stream()
                .map(m -> m instanceof UserMessage u
                        ? new Turn.Message("user", u.singleText())
                        : new Turn.Message("assistant", ((AiMessage) m).text()))
                .toList();
    }

    /** The newest messages that fit {@code maxTokens}, in their original order. */
    public static List<Turn.Message> fit(List<Turn.Message> messages, int maxTokens, ToIntFunction<String> tokens) {
        var window = new ArrayDeque<Turn.Message>();
        int used = 0;
        for (int i = messages.size() - 1; i >= 0; i--) {
            var m = messages.get(i);
            used += tokens.applyAsInt(m.content());
            if (used > maxTokens) {
                break;
            }
            window.addFirst(m);
        }
        return List.copyOf(window);
    }
}
