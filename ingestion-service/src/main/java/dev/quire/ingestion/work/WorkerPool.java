package dev.quire.ingestion.work;

import dev.quire.ingestion.config.IngestionConfig;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * A few worker threads per instance that claim items from the {@link WorkQueue}, process them and settle them
 * through {@link WorkRunner}; a heartbeat renews their leases so only a dead instance's items are taken over.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class WorkerPool {
    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final WorkQueue queue;
    private final WorkRunner runner;
    private final IngestionConfig config;
    private final Tracer tracer;
    private final String owner = "ingestion-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    private final Object signal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService heartbeat;
    private volatile boolean running;
    private volatile boolean paused;

    void start(@Observes StartupEvent ev) {
        if (config.workers() <= 0) {
            return;
        }
        running = true;
        long renewMs = Math.max(1000, config.lease().toMillis() / 3);
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ingest-heartbeat"));
        heartbeat.scheduleWithFixedDelay(this::renew, renewMs, renewMs, TimeUnit.MILLISECONDS);
        heartbeat.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
        for (int i = 0; i < config.workers(); i++) {
            Thread t = new Thread(this::loop, "ingest-worker-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        LOG.infof("%d ingestion workers as %s", config.workers(), owner);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (!running) {
            return;
        }
        running = false;
        wake();
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        heartbeat.shutdownNow();
        try {
            int n = queue.release(owner);
            if (n > 0) {
                LOG.infof("released %d leases for other instances", n);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not release leases (they expire on their own): %s", e.getMessage());
        }
    }

    /** Tells idle workers that an item arrived. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Stops claiming new items (items in progress finish); for maintenance and tests. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        wake();
    }

    public String owner() {
        return owner;
    }

    private void loop() {
        while (running) {
            boolean worked = false;
            try {
                if (!paused) {
                    var item = queue.claim(owner, config.lease());
                    if (item.isPresent()) {
                        // the item continues the trace of the upload that queued it (a no-op with tracing off)
                        WorkItem w = item.get();
                        w.trace().continueIn(tracer, "ingest document", () -> {
                            runner.run(w, owner);
                            return null;
                        });
                        worked = true;
                    }
                }
            } catch (RuntimeException e) {
                // the database itself is unreachable: wait and claim again, the lease protects the item
                LOG.warnf("ingestion worker: %s", e.getMessage());
                idle(Duration.ofSeconds(2));
            }
            if (!worked) {
                idle(Duration.ofMillis(500));
            }
        }
    }

    private void idle(Duration d) {
        synchronized (signal) {
            try {
                signal.wait(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void renew() {
        try {
            queue.renew(owner, config.lease());
        } catch (RuntimeException e) {
            LOG.warnf("lease renewal failed: %s", e.getMessage());
        }
    }

    private void purge() {
        try {
            queue.purge(Duration.ofDays(7));
        } catch (RuntimeException e) {
            LOG.warnf("work purge failed: %s", e.getMessage());
        }
    }
}
