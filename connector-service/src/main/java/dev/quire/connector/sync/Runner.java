package dev.quire.connector.sync;

import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.platform.db.Db;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * This replica's share of the sync work: each tick it reaps leases whose heartbeat stopped, queues runs of due
 * schedules, and claims queued runs up to its concurrency, running each on a worker thread with a heartbeat.
 */
@ApplicationScoped
public class Runner {
    private static final Logger LOG = Logger.getLogger(Runner.class);

    private final Leases leases;
    private final SyncJob job;
    private final Db db;
    private final RunStore runs;
    private final dev.quire.connector.staging.StagedStore staged;
    private final ConnectorsConfig config;
    private final String owner = "connector-" + UUID.randomUUID();
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    private final AtomicBoolean stopping = new AtomicBoolean();

    public Runner(
            Leases leases,
            SyncJob job,
            Db db,
            RunStore runs,
            dev.quire.connector.staging.StagedStore staged,
            ConnectorsConfig config) {
        this.leases = leases;
        this.job = job;
        this.db = db;
        this.runs = runs;
        this.staged = staged;
        this.config = config;
        this.slots = new Semaphore(config.concurrency());
        this.workers = Executors.newFixedThreadPool(config.concurrency());
    }

    @Scheduled(every = "${quire.connectors.poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.runner().enabled() || stopping.get()) {
            return;
        }
        try {
            leases.reap(config.leaseTtl());
            leases.enqueueDue();
            staged.expire(config.stagedTtl());
            while (slots.tryAcquire()) {
                var claim = leases.claim(owner);
                if (claim.isEmpty()) {
                    slots.release();
                    break;
                }
                workers.execute(() -> execute(claim.get()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("connector runner paused: %s", e.getMessage());
        }
    }

    private void execute(Leases.Claim claim) {
        AtomicBoolean held = new AtomicBoolean(true);
        AtomicBoolean cancelled = new AtomicBoolean();
        ScheduledFuture<?> beat = beats.scheduleAtFixedRate(
                () -> {
                    try {
                        if (!leases.heartbeat(claim, owner)) {
                            held.set(false);
                        }
                        // an admin cancelled the run (it is CANCELLED already): the job stops at its next item
                        if (cancelled(claim)) {
                            cancelled.set(true);
                        }
                    } catch (RuntimeException e) {
                        LOG.warnf("heartbeat of run %s failed: %s", claim.runId(), e.getMessage());
                    }
                },
                config.heartbeat().toMillis(),
                config.heartbeat().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            job.run(claim, () -> held.get() && !stopping.get() && !cancelled.get());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "connector run %s ended by %s", claim.runId(), e.getClass().getSimpleName());
            finishIfActive(
                    claim,
                    RunStatus.FAILED,
                    "the run stopped unexpectedly (an internal error, in connector-service's log)");
        } finally {
            beat.cancel(false);
            if (stopping.get() && held.get()) {
                finishIfActive(
                        claim,
                        RunStatus.INTERRUPTED,
                        "the service stopped; the next run resumes from its" + " checkpoint");
            }
            if (held.get()) {
                leases.release(claim, owner);
            }
            slots.release();
        }
    }

    private boolean cancelled(Leases.Claim claim) {
        return db.inTenant(claim.tenantId(), c -> runs.status(c, claim.tenantId(), claim.runId()))
                .map(st -> st == RunStatus.CANCELLED)
                .orElse(true); // the run is gone with its connector
    }

    private void finishIfActive(Leases.Claim claim, RunStatus status, String error) {
        try {
            db.inTenant(claim.tenantId(), c -> runs.finish(c, claim.tenantId(), claim.runId(), status, error));
        } catch (RuntimeException e) {
            LOG.warnf("could not end run %s: %s", claim.runId(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        stopping.set(true);
        workers.shutdown();
        try {
            workers.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        beats.shutdownNow();
    }
}
