package dev.quire.ingestion.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.DocumentIngestRequested;
import dev.quire.ingestion.work.WorkQueue;
import dev.quire.ingestion.work.WorkerPool;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records each {@code document.ingest-requested} as a durable work item and acknowledges at once, so a slow parse
 * never holds a Kafka record past its commit deadline. An unreadable record throws and goes to the dead-letter
 * topic with the reason in its headers.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class IngestRequestConsumer {
    private final ObjectMapper json;
    private final WorkQueue queue;
    private final WorkerPool workers;

    @Incoming("ingest-requested")
    @Blocking
    public void onRequested(String payload) throws Exception {
        var e = json.readValue(payload, DocumentIngestRequested.class);
        if (e.tenantId() == null || e.documentId() == null || e.version() < 1) {
            throw new IllegalArgumentException("an ingest request needs tenantId, documentId and a version ≥ 1");
        }
        if (queue.enqueue(e.tenantId(), e.documentId(), e.version(), payload)) {
            workers.wake();
        }
    }
}
