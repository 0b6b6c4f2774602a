package dev.quire.chat.store;

import dev.quire.platform.auth.Caller;
import java.util.UUID;

/**
 * Whose conversations a caller works with: the user's own, or, for an API key restricted to some knowledge bases,
 * the key's own. The user's conversations hold answers from every knowledge base they may read, so a key that may
 * read only some of them must not read those conversations (a key for one knowledge base read another's answers and
 * citations through them); what the key asks is kept under its id, apart from the user's.
 */
public final class ConversationOwner {
    private ConversationOwner() {}

    public static UUID of(Caller caller) {
        return caller.kbIds() != null && caller.apiKeyId() != null ? caller.apiKeyId() : caller.userId();
    }
}
