package dev.quire.ingestion.jobs;

import dev.quire.contracts.events.AuditRecorded;
import dev.quire.ingestion.document.DocumentService;
import dev.quire.ingestion.document.DocumentStore;
import dev.quire.platform.api.ApiException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * Runs queued bulk jobs item by item, recording each outcome; a document that is not in the job's knowledge base of
 * the job's tenant (another tenant's, deleted, unknown) counts as failed {@code not_found}, never revealing which.
 * Items already counted are skipped when a job is resumed after a crash, so an item runs at least once.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final JobStore jobs;
    private final DocumentStore docs;
    private final DocumentService actions;

    @Scheduled(every = "${quire.jobs.poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            for (var lease = jobs.lease(LEASE); lease.isPresent(); lease = jobs.lease(LEASE)) {
                run(lease.get());
            }
        } catch (RuntimeException e) {
            LOG.warnf("bulk jobs paused: %s", e.getMessage());
        }
    }

    void run(JobStore.Lease lease) {
        UUID tenant = lease.tenantId();
        var work = jobs.find(tenant, lease.jobId()).orElse(null);
        if (work == null) {
            jobs.finish(tenant, lease.jobId());
            return;
        }
        var job = work.job();
        for (int i = job.done() + job.failed(); i < work.documentIds().size(); i++) {
            UUID docId = work.documentIds().get(i);
            Map<String, String> error = item(tenant, work, docId);
            jobs.progress(tenant, job.id(), error == null, error, LEASE);
        }
        jobs.finish(tenant, job.id());
    }

    /** Null when the item succeeded, else its error entry. */
    private Map<String, String> item(UUID tenant, JobStore.Work work, UUID docId) {
        var job = work.job();
        var actor = new AuditRecorded.Actor(work.userId(), work.apiKeyId());
        try {
            boolean inKb = docs.find(tenant, docId)
                    .filter(d -> d.knowledgeBaseId().equals(job.knowledgeBaseId()))
                    .isPresent();
            boolean ok = inKb
                    && switch (job.action()) {
                        case "delete" -> actions.deleteDocument(tenant, actor, work.ip(), docId);
                        case "reprocess" -> actions.reprocess(tenant, actor, work.ip(), docId)
                                .isPresent();
                        case "tag" -> actions.retag(
                                        tenant, actor, work.ip(), job.knowledgeBaseId(), docId, work.tags(), true)
                                .isPresent();
                        case "untag" -> actions.retag(
                                        tenant, actor, work.ip(), job.knowledgeBaseId(), docId, work.tags(), false)
                                .isPresent();
                        default -> throw new IllegalStateException("unknown action " + job.action());
                    };
            return ok ? null : error(docId, "not_found", "document not found");
        } catch (ApiException e) {
            return error(docId, e.code, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("job %s item %s failed: %s", job.id(), docId, e.getMessage());
            return error(docId, "internal_error", "internal error");
        }
    }

    private static Map<String, String> error(UUID docId, String code, String detail) {
        return Map.of("documentId", docId.toString(), "code", code, "detail", detail);
    }
}
