package dev.quire.chat.agent;

import dev.quire.platform.auth.Caller;
import dev.quire.platform.knowledgebase.KnowledgeBaseClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Whether knowledge bases a conversation is to keep, or a turn names, are the caller's: outside an API key's kb_ids is
 * 404 without asking anyone, the rest is platform's {@link dev.quire.platform.knowledgebase.KnowledgeBaseCheck}. A turn
 * is checked before anything streams or is stored, so a refused one leaves no conversation behind.
 */
@ApplicationScoped
public class KnowledgeBaseCheck {
    private final KnowledgeBaseClient ingestion;

    public KnowledgeBaseCheck(@RestClient KnowledgeBaseClient ingestion) {
        this.ingestion = ingestion;
    }

    /** Throws 404 unless every knowledge base is the caller's; 502 when ingestion-service cannot tell. */
    public void requireOwn(Caller caller, String rawToken, List<UUID> kbIds) {
        if (kbIds == null || kbIds.isEmpty()) {
            return;
        }
        Agent.knowledgeBases(caller, kbIds); // outside kb_ids: 404 without asking anyone
        dev.quire.platform.knowledgebase.KnowledgeBaseCheck.requireOwn(ingestion, rawToken, kbIds);
    }
}
