package dev.quire.retrieval.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.DocumentDeleted;
import dev.quire.retrieval.store.ChunkStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Removes a deleted document (or a whole knowledge base) from every search mode, leaving tombstones. */
@ApplicationScoped
@RequiredArgsConstructor
public class DeletedConsumer {
    private static final Logger LOG = Logger.getLogger(DeletedConsumer.class);

    private final ObjectMapper json;
    private final ChunkStore store;

    @Incoming("deleted")
    @Blocking
    public void onDeleted(String payload) throws Exception {
        var e = json.readValue(payload, DocumentDeleted.class);
        if (e.documentId() != null) {
            int n = store.deleteDocument(e.tenantId(), e.documentId(), e.version());
            LOG.infof("document %s deleted: %d chunks", e.documentId(), n);
        } else if (e.knowledgeBaseId() != null) {
            int n = store.deleteKnowledgeBase(e.tenantId(), e.knowledgeBaseId());
            LOG.infof("knowledge base %s deleted: %d chunks", e.knowledgeBaseId(), n);
        } else {
            throw new IllegalArgumentException("document.deleted names neither a document nor a knowledge base");
        }
    }
}
