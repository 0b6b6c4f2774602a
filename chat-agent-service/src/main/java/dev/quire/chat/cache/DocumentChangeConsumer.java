package dev.quire.chat.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.DocumentDeleted;
import dev.quire.contracts.events.DocumentIndexed;
import dev.quire.contracts.events.DocumentTagged;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Drops cached answers when a knowledge base's documents change: indexed (a new document or version), deleted, or
 * retagged: that knowledge base's answers, or all of the tenant's for an older record that does not name it.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class DocumentChangeConsumer {
    private final ObjectMapper json;
    private final AnswerCache cache;

    @Incoming("cache-indexed")
    @Blocking
    public void onIndexed(String payload) throws Exception {
        var e = json.readValue(payload, DocumentIndexed.class);
        invalidate(e.tenantId(), e.knowledgeBaseId());
    }

    @Incoming("cache-deleted")
    @Blocking
    public void onDeleted(String payload) throws Exception {
        var e = json.readValue(payload, DocumentDeleted.class);
        invalidate(e.tenantId(), e.knowledgeBaseId());
    }

    @Incoming("cache-tagged")
    @Blocking
    public void onTagged(String payload) throws Exception {
        var e = json.readValue(payload, DocumentTagged.class);
        invalidate(e.tenantId(), e.knowledgeBaseId());
    }

    /** Drops the knowledge base's answers, or all of the tenant's when the record does not name its knowledge base. */
    private void invalidate(UUID tenantId, UUID knowledgeBaseId) {
        if (knowledgeBaseId != null) {
            cache.invalidate(tenantId, knowledgeBaseId);
        } else {
            cache.invalidateTenant(tenantId); // a record from before the event named its knowledge base
        }
    }
}
