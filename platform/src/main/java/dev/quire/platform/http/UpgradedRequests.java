package dev.quire.platform.http;

import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Tells Quarkus's graceful shutdown that a request upgraded to a WebSocket is over once its socket has closed.
 * Quarkus counts a request in flight until its response ends or its connection closes, and sees neither for an
 * upgraded request: every socket a service had ever opened kept the count above zero, so each shutdown waited the
 * whole {@code quarkus.shutdown.timeout} after its sockets were gone (measured: the gateway of
 * {@code GracefulShutdownIT} stopped in 27.3 s with its one socket closed right after the 2 s delay; chat-agent's
 * module tests waited 20 s at each of their four application restarts). The wrapper's {@code done()} is
 * package-private, hence the reflection; a Quarkus version without it falls back to the timeout, as before, with
 * one warning.
 *
 * <p>Every service's router ends an upgrade request's count when its connection closes (websockets-next, which
 * chat-agent's {@code /ws/chat} uses, gives its endpoints no handle on the upgrade request); the gateway's relay also
 * ends it when its relay session ends. The connection's close handler is a single slot that Quarkus itself only
 * takes when {@code quarkus.http.limits.max-connections} is set, which no service sets.
 */
@ApplicationScoped
public class UpgradedRequests {
    private static final Logger LOG = Logger.getLogger(UpgradedRequests.class);
    private static final Method DONE = doneMethod();
    /** Upgrade requests whose count is still held (read by tests). */
    private static final AtomicInteger HELD = new AtomicInteger();

    void install(@Observes Router router) {
        router.route().order(CanonicalPaths.ORDER + 1).handler(ctx -> {
            HttpServerRequest req = ctx.request();
            if (req.headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
                Runnable done = doneSignal(req);
                // an upgrade refused (401, 403) ends like any request; one that upgraded ends when its socket closes
                ctx.addEndHandler(ended -> done.run());
                req.connection().closeHandler(v -> done.run());
            }
            ctx.next();
        });
    }

    /**
     * The signal that ends {@code req}'s count, to run once its socket has closed (running it again does nothing).
     */
    public static Runnable doneSignal(HttpServerRequest req) {
        if (DONE == null) {
            return () -> {};
        }
        QuarkusRequestWrapper wrapper;
        try {
            wrapper = QuarkusRequestWrapper.get(req);
        } catch (RuntimeException e) {
            return () -> {}; // not behind Quarkus's filters: nothing counts it
        }
        HELD.incrementAndGet();
        var once = new AtomicBoolean();
        return () -> {
            if (!once.compareAndSet(false, true)) {
                return;
            }
            HELD.decrementAndGet();
            try {
                DONE.invoke(wrapper);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warnf("an upgraded request could not be marked done: %s", e.toString());
            }
        };
    }

    /** Upgrade requests of this process whose socket has not closed yet (each holds up the graceful shutdown). */
    public static int held() {
        return HELD.get();
    }

    private static Method doneMethod() {
        try {
            Method m = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("shutdown waits its full timeout while WebSockets were opened: %s", e.toString());
            return null;
        }
    }
}
