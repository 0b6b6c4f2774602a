package dev.quire.ingestion.work;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.DocumentIngestRequested;
import dev.quire.ingestion.config.IngestionConfig;
import dev.quire.ingestion.pipeline.IngestWorker;
import dev.quire.platform.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * Runs one claimed item and settles it: done; or, when processing threw, again after a doubling backoff; or, with
 * its attempts spent, to {@code document.ingest-requested.dlq} with a readable reason header and the document
 * FAILED with the same reason.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class WorkRunner {
    private static final Logger LOG = Logger.getLogger(WorkRunner.class);
    public static final String REASON_HEADER = "dead-letter-reason";

    private final IngestWorker worker;
    private final WorkQueue queue;
    private final EventPublisher publisher;
    private final IngestionConfig config;
    private final ObjectMapper json;

    public void run(WorkItem item, String owner) {
        try {
            worker.process(item.payload());
        } catch (RuntimeException e) {
            failed(item, owner, reason(e));
            return;
        }
        queue.done(item, owner);
    }

    /** Settles a failed attempt: retry later, or dead-letter once {@code maxAttempts} are spent. */
    public void failed(WorkItem item, String owner, String reason) {
        if (item.attempts() < config.maxAttempts()) {
            Duration backoff = backoff(item.attempts());
            LOG.warnf(
                    "document %s v%d attempt %d failed, again in %d ms: %s",
                    item.documentId(), item.version(), item.attempts(), backoff.toMillis(), reason);
            queue.retryLater(item, owner, backoff, reason);
            return;
        }
        String readable = "ingestion failed after " + item.attempts() + " attempts: " + reason;
        try {
            publisher.send(
                    Topics.INGEST_REQUESTED + Topics.DLQ_SUFFIX,
                    Topics.documentKey(item.tenantId(), item.documentId()),
                    item.payload(),
                    Map.of(
                            REASON_HEADER,
                            readable,
                            "dead-letter-attempts",
                            Integer.toString(item.attempts()),
                            "dead-letter-topic",
                            Topics.INGEST_REQUESTED));
        } catch (RuntimeException e) {
            // the dead letter could not be written (Kafka down): keep the item and try once more later
            LOG.warnf("dead-lettering %s failed, kept for later: %s", item.documentId(), e.getMessage());
            queue.retryLater(item, owner, config.retryBackoffMax(), readable);
            return;
        }
        DocumentIngestRequested request = null;
        try {
            request = json.readValue(item.payload(), DocumentIngestRequested.class);
        } catch (java.io.IOException unreadable) {
            // no document to mark: the dead letter is the record of it
        }
        if (request != null) {
            worker.fail(request, readable);
        }
        queue.dead(item, owner, readable);
        LOG.errorf("document %s v%d dead-lettered: %s", item.documentId(), item.version(), readable);
    }

    /** Wait before attempt {@code attempts + 1}: the base, doubled per attempt, capped. */
    public Duration backoff(int attempts) {
        long base = config.retryBackoff().toMillis();
        long ms = base << Math.min(Math.max(0, attempts - 1), 20);
        return Duration.ofMillis(Math.min(ms, config.retryBackoffMax().toMillis()));
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while ((message == null || message.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            message = t.getMessage();
        }
        String text = message == null ? e.getClass().getSimpleName() : message;
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
