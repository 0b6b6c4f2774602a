package dev.quire.gateway.proxy;

import dev.quire.gateway.auth.Principal;
import dev.quire.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The knowledge-base event streams open through this replica: capped per user (or API key) and per tenant, since each
 * holds a pooled connection to its service, and ended on shutdown, since a stream never ends by itself and Quarkus's
 * graceful shutdown would wait out its whole timeout for it (the client's EventSource reconnects to another replica).
 */
@ApplicationScoped
public class EventStreams {
    private final SocketPlaces places;
    /** Each open stream with the event loop it runs on. */
    private final Map<RoutingContext, Context> open = new ConcurrentHashMap<>();

    public EventStreams(GatewayConfig config) {
        this.places = new SocketPlaces(
                config.limits().eventStreamsPerUser(), config.limits().eventStreamsPerTenant());
    }

    /**
     * Admits {@code ctx}'s stream for {@code p}: answers what ends its bookkeeping once the stream has ended (running
     * it again does nothing), or null when {@code p} holds as many streams as a cap allows.
     */
    Runnable admit(RoutingContext ctx, Principal p) {
        Runnable release = places.take(p);
        if (release == null) {
            return null;
        }
        Context loop = Vertx.currentContext();
        if (loop != null) {
            open.put(ctx, loop);
        }
        return () -> {
            open.remove(ctx);
            release.run();
        };
    }

    /** SIGTERM, first step (while readiness turns DOWN): every open stream ends. */
    void onShutdownStarting(@Observes ShutdownDelayInitiatedEvent ev) {
        endAll();
    }

    /**
     * Ends every stream open now: its client's connection is closed on its own event loop, and the proxy then resets
     * the stream's request to the service (a reset of the answer alone would mark it ended, which the proxy takes for
     * a stream that ended by itself). The replica is going away, so closing the whole connection loses nothing.
     */
    public void endAll() {
        for (var e : List.copyOf(open.entrySet())) {
            if (open.remove(e.getKey()) != null) {
                e.getValue().runOnContext(v -> e.getKey().request().connection().close());
            }
        }
    }

    /** Streams open now (read by tests). */
    public int openCount() {
        return open.size();
    }
}
