package dev.quire.ingestion.knowledgebase;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * This replica's recent document events per knowledge base, numbered by one counter, with live listeners. The counter
 * starts at the start-up time in microseconds, so an id from before a restart (or from another replica) is either
 * older than what the buffer holds or newer than the counter; both get a {@code reset} instead of a silent gap. On
 * shutdown every open stream ends, so its client reconnects to another replica instead of the shutdown waiting out
 * {@code quarkus.shutdown.timeout} for streams that never end.
 */
@ApplicationScoped
public class KbEventHub {
    /** One event: its number, type and complete JSON (which includes the type). */
    public record Frame(long seq, String type, String json) {}

    /** What a new subscriber gets first: the frames it missed, or {@code gap} when they are no longer known. */
    public record Replay(List<Frame> frames, boolean gap) {}

    static final int PER_KB = 500;
    static final int MAX_KBS = 10_000;

    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
    private final long start = seq.get();

    private final class Buffer {
        final ArrayDeque<Frame> frames = new ArrayDeque<>();
        final CopyOnWriteArraySet<Consumer<Frame>> listeners = new CopyOnWriteArraySet<>();
        long floor = start; // every frame above this number is still in frames
    }

    private final Map<String, Buffer> buffers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Buffer> eldest) {
            return size() > MAX_KBS && eldest.getValue().listeners.isEmpty();
        }
    };

    /** How each open stream ends, run on shutdown. */
    private final Set<Runnable> enders = ConcurrentHashMap.newKeySet();

    private volatile boolean closing;

    private synchronized Buffer buffer(UUID tenantId, UUID kbId) {
        return buffers.computeIfAbsent(tenantId + ":" + kbId, k -> new Buffer());
    }

    /** Numbers the event, keeps it for resumption and hands it to the knowledge base's listeners. */
    public void publish(UUID tenantId, UUID kbId, String type, java.util.function.LongFunction<String> json) {
        Buffer b = buffer(tenantId, kbId);
        Frame f;
        synchronized (b) {
            long n = seq.incrementAndGet();
            f = new Frame(n, type, json.apply(n));
            b.frames.addLast(f);
            if (b.frames.size() > PER_KB) {
                b.floor = b.frames.removeFirst().seq();
            }
        }
        for (var l : b.listeners) {
            l.accept(f);
        }
    }

    /**
     * Registers a listener and returns what it missed after {@code lastEventId} (null: nothing), atomically with the
     * registration so no frame falls between the two.
     */
    public Replay subscribe(UUID tenantId, UUID kbId, Long lastEventId, Consumer<Frame> listener) {
        Buffer b = buffer(tenantId, kbId);
        synchronized (b) {
            b.listeners.add(listener);
            if (lastEventId == null) {
                return new Replay(List.of(), false);
            }
            if (lastEventId < b.floor || lastEventId > seq.get()) {
                return new Replay(List.of(), true);
            }
            var out = new ArrayList<Frame>();
            for (Frame f : b.frames) {
                if (f.seq() > lastEventId) {
                    out.add(f);
                }
            }
            return new Replay(out, false);
        }
    }

    public void unsubscribe(UUID tenantId, UUID kbId, Consumer<Frame> listener) {
        buffer(tenantId, kbId).listeners.remove(listener);
    }

    /**
     * Registers how an open stream ends when this replica shuts down; once the shutdown has begun it is ended at once.
     * Answers what unregisters it (the stream ended on its own).
     */
    public Runnable endOnShutdown(Runnable end) {
        enders.add(end);
        if (closing && enders.remove(end)) {
            end.run();
        }
        return () -> enders.remove(end);
    }

    /** SIGTERM, first step (while readiness turns DOWN): every open stream ends and its client reconnects elsewhere. */
    void onShutdownStarting(@Observes ShutdownDelayInitiatedEvent ev) {
        closing = true;
        endOpenStreams();
    }

    /** Ends every stream open now (the shutdown's step; tests call it alone). */
    public void endOpenStreams() {
        for (Runnable end : List.copyOf(enders)) {
            if (enders.remove(end)) {
                end.run();
            }
        }
    }
}
