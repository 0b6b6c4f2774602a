package dev.quire.gateway.edge;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps a request's work on the request's own Vert.x context, where Quarkus keeps the request's current trace span
 * (and its MDC). A future that was created on another context — a connection opened by another request, a lookup
 * another request started — runs its callbacks on THAT context; from there the gateway's proxied call started a new
 * trace or joined another request's (docs/OBSERVABILITY.md). Vert.x's internal {@link ContextInternal} is used for a
 * promise of the caller's context because the public API has none (Quarkus itself does the same).
 */
public final class RequestContext {
    private static final String KEY = "quire.request-context";

    private RequestContext() {}

    /** Remembers the current (the request's own) context; the first route handler calls it. */
    public static void remember(RoutingContext ctx) {
        ctx.put(KEY, Vertx.currentContext());
    }

    /**
     * Runs {@code work} on the request's own context: at once when it is current (always, unless an async hop lost
     * it), else dispatched on it — synchronously on its own thread, so no latency is added.
     */
    public static void run(RoutingContext ctx, Runnable work) {
        Context own = ctx.get(KEY);
        if (own == null || own == Vertx.currentContext()) {
            work.run();
        } else if (own instanceof ContextInternal internal && internal.inThread()) {
            internal.dispatch(work);
        } else {
            own.runOnContext(v -> work.run());
        }
    }

    /**
     * A cached lookup handed to the calling request: a fresh future of its value once it succeeded (a completed future
     * runs its callbacks on the event loop that created it, which moved the rest of another loop's request to the
     * creator's thread and back), else, while another request's lookup is in flight, its answer continued on this
     * one's context.
     */
    public static <T> Future<T> reused(Future<T> cached) {
        return cached.succeeded() ? Future.succeededFuture(cached.result()) : onCaller(cached);
    }

    /** A future completing like {@code f}, its callbacks on the calling context whichever context completes it. */
    public static <T> Future<T> onCaller(Future<T> f) {
        if (!(Vertx.currentContext() instanceof ContextInternal caller)) {
            return f; // not on a Vert.x context: nothing to keep
        }
        Promise<T> p = caller.promise();
        f.onComplete(p);
        return p.future();
    }
}
