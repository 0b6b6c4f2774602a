package dev.quire.chat.memory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.quire.chat.agent.Turn;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A token window over langchain4j's {@link ChatMemoryStore} (ours is {@link JdbcChatMemoryStore}): the newest messages whose estimated tokens fit the budget, oldest
 * first. It stops at the first message that does not fit, so the window is always a contiguous, recent stretch of
 * the conversation (never an old message without the ones after it).
 */
@ApplicationScoped
public class TokenWindowMemory {
    private final ChatMemoryStore store;

    public TokenWindowMemory(ChatMemoryStore store) {
        this.store = store;
    }

    public List<Turn.Message> window(MemoryId id, int maxTokens, ToIntFunction<String> tokens) {
        List<Turn.Message> messages = store.getMessages(id).stream()
                .map(m -> m instanceof UserMessage u
                        ? new Turn.Message("user", u.singleText())
                        : new Turn.Message("assistant", ((AiMessage) m).text()))
                .toList();
        return fit(messages, maxTokens, tokens);
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
