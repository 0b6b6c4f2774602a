package dev.quire.gateway.proxy;

import dev.quire.contracts.Headers;
import dev.quire.gateway.config.GatewayConfig;
import dev.quire.platform.runtime.TraceContext;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Streams a request to its service and the answer back, bodies piped both ways (uploads and SSE alike). One class
 * because both directions belong to one forwarded call: they share the event loop's upstream client, the hop-by-hop
 * header filter, and the {@link Forward} whose {@code onEnd} runs once the answer is relayed or has failed.
 */
@ApplicationScoped
public class HttpProxy {
    private static final Logger LOG = Logger.getLogger(HttpProxy.class);
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host");

    /** Headers about the client's connection that only the gateway may set. */
    private static final java.util.List<String> FORWARDED = java.util.List.of(
            "Forwarded",
            "X-Forwarded-For",
            "X-Forwarded-Proto",
            "X-Forwarded-Host",
            "X-Forwarded-Port",
            "X-Forwarded-Prefix",
            "X-Forwarded-Server",
            "X-Forwarded-Ssl",
            "X-Real-IP",
            "X-Client-IP");

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    private final Vertx vertx;
    private final HttpClient shared;
    private final ThreadLocal<HttpClient> perLoop = new ThreadLocal<>();
    private final GatewayConfig config;

    public HttpProxy(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.shared = vertx.createHttpClient(options());
        this.config = config;
    }

    /** How long a request waits to connect, or for a connection of the pool when all are busy. */
    static final long POOL_WAIT_MS = 5000;

    private static HttpClientOptions options() {
        return new HttpClientOptions()
                .setConnectTimeout(3000)
                .setMaxPoolSize(200)
                // a request that finds every connection busy waits in a bounded queue: beyond it, 502 at once
                .setMaxWaitQueueSize(2000)
                .setKeepAlive(true);
    }

    /**
     * The upstream client of the calling event loop. One pool shared by all loops hands a request a connection of
     * whichever loop opened it, and every read and write then crosses between the two threads (four extra wake-ups
     * per call, measured with the threads' context switches); a client per loop opens its connections on that loop.
     */
    private HttpClient client() {
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            return shared;
        }
        HttpClient c = perLoop.get();
        if (c == null) {
            c = vertx.createHttpClient(options());
            perLoop.set(c);
        }
        return c;
    }

    /**
     * How a request goes on: the Quire token to send (the caller's, or the internal one its API key was exchanged
     * for), extra headers from the gateway, a body already read (chat turns) or null to pipe the client's, and what
     * to run once the answer has been relayed or has failed.
     */
    public record Forward(String token, Map<String, String> headers, Buffer body, Runnable onEnd, long maxBody) {
        public Forward(String token, Map<String, String> headers, Buffer body, Runnable onEnd) {
            this(token, headers, body, onEnd, 0);
        }

        public static Forward as(String token) {
            return new Forward(token, Map.of(), null, () -> {});
        }

        /** The same, with a cap on a streamed (chunked) request body. */
        public Forward capped(long max) {
            return new Forward(token, headers, body, onEnd, max);
        }

        /** The same, running {@code then} too once the answer has been relayed or has failed. */
        public Forward whenEnded(Runnable then) {
            Runnable first = onEnd;
            return new Forward(
                    token,
                    headers,
                    body,
                    () -> {
                        first.run();
                        then.run();
                    },
                    maxBody);
        }
    }

    /** Forwards the (paused) request of {@code ctx} to {@code target}, unauthenticated (public routes). */
    public void forward(RoutingContext ctx, URI target) {
        forward(ctx, target, Forward.as(null));
    }

    /**
     * Forwards the (paused) request of {@code ctx} to {@code target}, always from the request's own Vert.x context:
     * Quarkus's instrumentation of the upstream client makes the call a CLIENT span of the span current on the
     * context the call is sent from, and writes its {@code traceparent}. Sent from another request's context (an
     * async hop that lost the request's) the service would start a new trace or join the other request's.
     */
    public void forward(RoutingContext ctx, URI target, Forward f) {
        dev.quire.gateway.edge.RequestContext.run(ctx, () -> send(ctx, target, f));
    }

    private void send(RoutingContext ctx, URI target, Forward f) {
        var in = ctx.request();
        var options = new RequestOptions()
                .setMethod(in.method())
                .setHost(target.getHost())
                .setPort(target.getPort())
                // the normalised path is the one routing judged; forwarding the raw one could smuggle "../"
                .setURI(ctx.normalizedPath() + (in.query() == null ? "" : "?" + in.query()))
                .setIdleTimeout(config.upstreamTimeoutMs())
                // also how long a request may wait for a pooled connection: a full pool is a 502 in 5 s, not a hang
                .setConnectTimeout(POOL_WAIT_MS);
        var headers = MultiMap.caseInsensitiveMultiMap();
        copy(in.headers(), headers);
        // what only the gateway may say is never taken from the client
        for (String n : java.util.List.copyOf(headers.names())) {
            if (n.toLowerCase().startsWith("x-quire-")) {
                headers.remove(n);
            }
        }
        propagateTrace(headers);
        if (f.token() != null) {
            headers.set("Authorization", "Bearer " + f.token());
        }
        f.headers().forEach(headers::set);
        if (f.body() != null) {
            headers.set("Content-Length", Integer.toString(f.body().length()));
        }
        // forwarded headers say what the gateway determined (ClientAddress), never what a client claimed
        for (String n : FORWARDED) {
            headers.remove(n);
        }
        headers.set("X-Forwarded-For", dev.quire.gateway.edge.ClientAddress.ip(ctx));
        headers.set("X-Forwarded-Proto", dev.quire.gateway.edge.ClientAddress.scheme(ctx));
        String host = dev.quire.gateway.edge.ClientAddress.host(ctx);
        if (host != null) {
            headers.set("X-Forwarded-Host", host);
        }
        options.setHeaders(headers);
        ctx.response().endHandler(v -> f.onEnd().run());
        // a client that leaves before its answer ends (a closed tab's event stream, which heartbeats and so never
        // idles out) gives its upstream connection back: reset, the pooled connection is closed instead of held
        var upstream = new java.util.concurrent.atomic.AtomicReference<io.vertx.core.http.HttpClientRequest>();
        var left = new java.util.concurrent.atomic.AtomicBoolean();
        ctx.response().closeHandler(v -> {
            f.onEnd().run();
            left.set(true);
            var u = upstream.get();
            if (u != null && !ctx.response().ended()) {
                u.reset();
            }
        });
        client().request(options)
                .onSuccess(out -> {
                    upstream.set(out);
                    if (left.get()) {
                        out.reset(); // the client left while the connection was being taken
                    }
                })
                .compose(out -> f.body() != null
                        ? out.send(f.body())
                        : f.maxBody() > 0 && "chunked".equalsIgnoreCase(in.getHeader("Transfer-Encoding"))
                                ? sendCapped(ctx, out, f.maxBody())
                                : out.send(in))
                .onSuccess(resp -> relay(ctx, resp))
                .onFailure(e -> {
                    if (ctx.response().ended()) {
                        return; // already answered (a body over its cap)
                    }
                    LOG.warnf("upstream %s failed for %s: %s", target, in.path(), e.getMessage());
                    Problems.send(
                            ctx,
                            502,
                            "upstream_unavailable",
                            "Bad Gateway",
                            "the service behind this path is unavailable");
                });
    }

    /**
     * The service continues the gateway's trace: the W3C context of the gateway's current span replaces whatever
     * the client sent (the gateway's own server span already continues the client's, so a copied header would make
     * the service a sibling of the gateway instead of its child). With tracing off nothing is sent.
     */
    static void propagateTrace(MultiMap headers) {
        headers.remove(TRACEPARENT);
        headers.remove(TRACESTATE);
        TraceContext trace = TraceContext.current();
        if (!trace.isEmpty()) {
            headers.set(TRACEPARENT, trace.traceparent());
            if (trace.tracestate() != null) {
                headers.set(TRACESTATE, trace.tracestate());
            }
        }
    }

    /**
     * Streams a chunked body (its size is unknown up front) and stops it with 413 once it passes {@code max},
     * with back-pressure so a fast client cannot fill the gateway's memory.
     */
    private static io.vertx.core.Future<HttpClientResponse> sendCapped(
            RoutingContext ctx, io.vertx.core.http.HttpClientRequest out, long max) {
        var in = ctx.request();
        out.setChunked(true);
        long[] seen = {0};
        in.handler(buf -> {
            seen[0] += buf.length();
            if (seen[0] > max) {
                in.handler(null);
                // answer first: reset() fails the upstream request at once, and its 502 must find the 413 sent
                Problems.send(
                        ctx,
                        413,
                        "payload_too_large",
                        "Payload Too Large",
                        "the body is over its limit of " + max + " bytes");
                out.reset();
                return;
            }
            out.write(buf);
            if (out.writeQueueFull()) {
                in.pause();
                out.drainHandler(v -> in.resume());
            }
        });
        in.endHandler(v -> {
            if (seen[0] <= max) {
                out.end();
            }
        });
        in.resume();
        return out.response();
    }

    private static void relay(RoutingContext ctx, HttpClientResponse resp) {
        var out = ctx.response();
        out.setStatusCode(resp.statusCode());
        out.setStatusMessage(resp.statusMessage());
        // a service's own policy (a download's sandbox) replaces the edge's UI policy instead of adding a second one
        if (resp.headers().contains("Content-Security-Policy")) {
            out.headers().remove("Content-Security-Policy");
        }
        if (resp.headers().contains("X-Content-Type-Options")) {
            out.headers().remove("X-Content-Type-Options");
        }
        copy(resp.headers(), out.headers());
        if (!resp.headers().contains("Content-Length")) {
            out.setChunked(true);
        }
        out.headers().set(Headers.REQUEST_ID, ctx.request().getHeader(Headers.REQUEST_ID));
        resp.pipeTo(out);
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }
}
