package dev.quire.chat.store;

import dev.quire.platform.auth.Caller;
import java.util.UUID;

/**
 * Whose conversations a caller works with: the user's own, or, for an API key, the key's own. A key restricted to
 * some knowledge bases must not read the user's conversations, which hold answers from every knowledge base the user
 * may read (a key for one knowledge base read another's answers and citations through them); and what a script asks
 * with any key is kept apart from the user's chats (a user's chat list filled with each call of their scripts).
 */
public final class ConversationOwner {
    private ConversationOwner() {}

    public static UUID of(Caller caller) {
        return caller.apiKeyId() != null ? caller.apiKeyId() : caller.userId();
    }
}
