package dev.quire.ingestion.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.DocumentStatus;
import dev.quire.contracts.events.DocumentIndexed;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Marks a document version INDEXED once retrieval-service has stored all its chunks. */
@ApplicationScoped
@RequiredArgsConstructor
public class IndexedConsumer {
    private final ObjectMapper json;
    private final DocumentStore store;
    private final StatusEvents status;

    @Incoming("indexed")
    @Blocking
    public void onIndexed(String payload) throws Exception {
        var e = json.readValue(payload, DocumentIndexed.class);
        store.find(e.tenantId(), e.documentId())
                .ifPresent(d -> status.advance(
                        e.tenantId(),
                        e.documentId(),
                        d.knowledgeBaseId(),
                        e.version(),
                        DocumentStatus.INDEXED,
                        null,
                        e.chunkCount()));
    }
}
