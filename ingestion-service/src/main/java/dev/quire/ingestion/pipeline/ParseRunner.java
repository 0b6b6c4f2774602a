package dev.quire.ingestion.pipeline;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each parse on its own daemon thread, at most {@code slots} at once, with a deadline. A parse past its deadline
 * is interrupted and abandoned: its slot is given back at once so the pool recovers even if the parser ignores the
 * interrupt, and at most {@code maxAbandoned} abandoned threads may still be running before new parses are refused.
 */
public final class ParseRunner {
    /** Thrown when every slot is busy for the whole deadline or too many abandoned parses still run. */
    public static final class BusyException extends Exception {
        BusyException(String message) {
            super(message);
        }
    }

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final Semaphore slots;
    private final int maxAbandoned;
    private final AtomicInteger abandoned = new AtomicInteger();

    public ParseRunner(int slots, int maxAbandoned) {
        this.slots = new Semaphore(slots, true);
        this.maxAbandoned = maxAbandoned;
    }

    /** Parses whose deadline passed but whose thread has not ended yet. */
    public int abandoned() {
        return abandoned.get();
    }

    public boolean saturated() {
        return abandoned.get() >= maxAbandoned;
    }

    public <T> T run(Callable<T> task, Duration timeout)
            throws TimeoutException, ExecutionException, InterruptedException, BusyException {
        if (saturated()) {
            throw new BusyException(abandoned.get() + " earlier parses are still running past their deadline");
        }
        if (!slots.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new BusyException("no parser became free within " + timeout.toSeconds() + " s");
        }
        var state = new AtomicInteger(RUNNING);
        var future = new FutureTask<>(task);
        var thread = new Thread(
                () -> {
                    try {
                        future.run();
                    } finally {
                        if (state.compareAndSet(RUNNING, DONE)) {
                            slots.release();
                        } else {
                            abandoned.decrementAndGet();
                        }
                    }
                },
                "tika-parse");
        thread.setDaemon(true);
        // a runaway parser must not starve the consumer and HTTP threads
        thread.setPriority(Thread.NORM_PRIORITY - 1);
        thread.start();
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                abandoned.incrementAndGet();
                slots.release();
                thread.interrupt();
            }
            throw e;
        }
    }
}
