package dev.quire.gateway.proxy;

import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpServerRequest;
import java.lang.reflect.Method;
import org.jboss.logging.Logger;

/**
 * Tells Quarkus's graceful shutdown that a request upgraded to a WebSocket is over once its socket has closed.
 * Quarkus counts a request in flight until its response ends or its connection closes, and sees neither for an
 * upgraded request: every chat socket a gateway had ever opened kept the count above zero, so each shutdown waited
 * the whole {@code quarkus.shutdown.timeout} after its sockets were gone (measured: the gateway of
 * {@code GracefulShutdownIT} logged "Timed out waiting for graceful shutdown" and stopped in 27.3 s with its one
 * socket closed 1001 right after the 2 s delay). The wrapper's {@code done()} is package-private, hence the
 * reflection; a Quarkus version without it falls back to the timeout, as before, with one warning.
 */
final class UpgradedRequests {
    private static final Logger LOG = Logger.getLogger(UpgradedRequests.class);
    private static final Method DONE = doneMethod();

    private UpgradedRequests() {}

    /**
     * The signal that ends {@code req}'s count, to run once its socket has closed (running it again does nothing).
     */
    static Runnable doneSignal(HttpServerRequest req) {
        if (DONE == null) {
            return () -> {};
        }
        QuarkusRequestWrapper wrapper;
        try {
            wrapper = QuarkusRequestWrapper.get(req);
        } catch (RuntimeException e) {
            return () -> {}; // not behind Quarkus's filters: nothing counts it
        }
        return () -> {
            try {
                DONE.invoke(wrapper);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warnf("an upgraded request could not be marked done: %s", e.toString());
            }
        };
    }

    private static Method doneMethod() {
        try {
            Method m = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("shutdown waits its full timeout while chat sockets were opened: %s", e.toString());
            return null;
        }
    }
}
