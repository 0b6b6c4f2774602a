package dev.quire.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Headers;
import dev.quire.contracts.chat.ClientFrame;
import dev.quire.contracts.chat.ServerFrame;
import dev.quire.contracts.events.TenantChanged;
import dev.quire.gateway.auth.Authenticator;
import dev.quire.gateway.auth.Principal;
import dev.quire.gateway.auth.TokenVerifier;
import dev.quire.gateway.config.GatewayConfig;
import dev.quire.gateway.events.RequestCounter;
import dev.quire.gateway.limits.Decision;
import dev.quire.gateway.limits.Limiter;
import dev.quire.platform.chat.Frames;
import dev.quire.platform.http.UpgradedRequests;
import dev.quire.platform.runtime.TenantSpan;
import dev.quire.platform.runtime.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Relays {@code /ws/chat} to chat-agent-service. The token arrives as the {@code bearer.<jwt>} subprotocol, an
 * {@code Authorization} header, or (browsers) as a first {@code auth} frame within a bound; it is forwarded as
 * {@code Authorization} (the gateway's service token for the caller, renewed with {@code auth} frames) and never
 * logged. Open sessions are re-checked when tenant.changed names their tenant and periodically.
 * One class because it owns the per-tenant registry of open sessions and the upstream WebSocket client: every way a
 * socket is admitted (subprotocol, header, first {@code auth} frame) connects through that client and ends in
 * {@code start}, which registers the session where {@code tenant.changed} finds it.
 */
@ApplicationScoped
public class ChatRelay {
    private static final Logger LOG = Logger.getLogger(ChatRelay.class);
    public static final String SUBPROTOCOL = "quire.v1";
    private static final String BEARER = "bearer.";
    static final short UNAUTHORIZED = 4401;
    private static final long HANDSHAKE_TIMEOUT_MS = 5000;

    /** How soon a socket refused for the caps may try again: a place frees when one of the caller's sockets closes. */
    static final long SOCKET_CAP_RETRY_SECONDS = 5;

    /** A chat socket refused by the tenant's request rate. */
    public static final class Limited extends RuntimeException {
        public final transient Decision decision;

        Limited(Decision decision) {
            super("rate limited", null, false, false);
            this.decision = decision;
        }
    }

    private final Vertx vertx;
    private final WebSocketClient client;
    final GatewayConfig config;
    final ChatTurns turns;
    final Limiter limiter;
    final Authenticator authenticator;
    final ObjectMapper json;
    private final RequestCounter counter;
    private final Tracer tracer;
    private final ConcurrentHashMap<UUID, Set<RelaySession>> open = new ConcurrentHashMap<>();
    private final SocketPlaces places;
    /** Shutting down: a socket admitted now drains at once (the Service may still route during the delay). */
    private volatile boolean draining;

    public ChatRelay(
            Vertx vertx,
            GatewayConfig config,
            ChatTurns turns,
            Limiter limiter,
            Authenticator authenticator,
            RequestCounter counter,
            ObjectMapper json,
            Tracer tracer) {
        this.vertx = vertx;
        this.tracer = tracer;
        this.json = json;
        this.turns = turns;
        this.limiter = limiter;
        this.authenticator = authenticator;
        this.counter = counter;
        this.places = new SocketPlaces(
                config.chatSocket().maxPerUser(), config.chatSocket().maxPerTenant());
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout(3000)
                // Vert.x's default of 50 sockets per server was shared by every tenant: the caps above bound them
                .setMaxConnections(config.chatSocket().maxUpstream())
                .setMaxFrameSize(65536)
                .setMaxMessageSize(65536));
        this.config = config;
    }

    /**
     * The gateway's span of one turn sent over the socket (a frame has no request of its own): it continues the W3C
     * {@code traceparent} the client put on its {@code user_message}, or starts a trace, and chat-agent continues it
     * from the frame the gateway forwards, so a turn over the socket is one trace like a turn over HTTP. Named by the
     * tenant only: the message's content is never an attribute.
     */
    Span turnSpan(String clientTraceparent, UUID tenantId) {
        Context parent =
                clientTraceparent == null ? Context.root() : new TraceContext(clientTraceparent, null).asParent();
        return tracer.spanBuilder("chat turn")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent)
                .setAttribute(TenantSpan.TENANT_ID, tenantId.toString())
                .startSpan();
    }

    /** The token offered as {@code bearer.<jwt>} in {@code Sec-WebSocket-Protocol}, if any. */
    public static Optional<String> offeredToken(HttpServerRequest req) {
        String header = req.getHeader("Sec-WebSocket-Protocol");
        if (header == null) {
            return Optional.empty();
        }
        return Arrays.stream(header.split(","))
                .map(String::strip)
                .filter(p -> p.startsWith(BEARER))
                .map(p -> p.substring(BEARER.length()))
                .findFirst();
    }

    /** Whether a browser at {@code origin} may open the socket: the gateway's own origin or an allowed one. */
    public boolean originAllowed(HttpServerRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return true; // servers and CLIs send no Origin: their token alone decides
        }
        String own = req.scheme() + "://" + req.authority();
        List<String> allowed = config.allowedOrigins().orElse(List.of());
        return origin.equalsIgnoreCase(own) || allowed.contains(origin);
    }

    /** An admitted socket: its principal, and the place it holds under the socket caps (released once, when done). */
    public record Admission(Principal principal, Runnable release) {}

    /**
     * Authenticates a socket's credential, counts it against the tenant's request rate and holds a place for it under
     * the caps of open sockets per user (or API key) and per tenant ({@link Limited} when any is reached).
     */
    public Future<Admission> admit(String token) {
        return authenticator.authenticate(token).compose(p -> limiter.admit(
                        p.tenantId(), p.tenant().limits().requestsPerMinute())
                .compose(d -> {
                    if (!d.allowed()) {
                        return Future.failedFuture(new Limited(d));
                    }
                    Runnable release = places.take(p);
                    if (release == null) {
                        return Future.failedFuture(new Limited(Decision.refuse(
                                config.chatSocket().maxPerUser(), SOCKET_CAP_RETRY_SECONDS, "rate_limited")));
                    }
                    counter.admitted(p.tenantId());
                    return Future.succeededFuture(new Admission(p, release));
                }));
    }

    /** Connects upstream first, then upgrades the client, so a dead upstream is a clean 502, not a dead socket. */
    public void relay(
            HttpServerRequest req, Admission a, String credential, TraceContext trace, Runnable onUpstreamFailure) {
        Runnable done = UpgradedRequests.doneSignal(req);
        var started = new java.util.concurrent.atomic.AtomicBoolean();
        var pending = new java.util.concurrent.atomic.AtomicReference<WebSocket>();
        // a client that leaves before its 101 (during the upstream connect): toWebSocket() then never completes, so
        // its place under the socket caps and chat-agent's socket are given back here (places leaked for good)
        req.response().closeHandler(v -> {
            if (!started.get()) {
                a.release().run();
                WebSocket up = pending.getAndSet(null);
                if (up != null) {
                    up.close();
                }
                done.run();
            }
        });
        connect(a.principal(), req.getHeader(Headers.REQUEST_ID), trace)
                .onSuccess(upstream -> {
                    if (req.response().closed()) {
                        a.release().run();
                        upstream.close();
                        done.run();
                        return;
                    }
                    pending.set(upstream);
                    req.toWebSocket()
                            .onSuccess(down -> {
                                started.set(true);
                                pending.set(null);
                                start(a, credential, down, upstream, done);
                            })
                            .onFailure(e -> {
                                pending.set(null);
                                a.release().run();
                                upstream.close();
                            });
                })
                .onFailure(e -> {
                    a.release().run();
                    onUpstreamFailure.run();
                });
    }

    /**
     * A socket opened without a token: upgrade, then the first frame must be {@code {"type":"auth","token":…}}
     * within {@code auth-frame-timeout-ms}, checked like the header; anything else closes 4401. Later frames wait
     * (paused) until chat-agent is connected.
     */
    public void relayAfterAuthFrame(HttpServerRequest req) {
        String requestId = req.getHeader(Headers.REQUEST_ID);
        TraceContext trace = TraceContext.current(); // the upgrade request's, before any hop
        Runnable done = UpgradedRequests.doneSignal(req);
        req.toWebSocket().onSuccess(down -> {
            down.closeHandler(v -> done.run()); // closed before the relay starts (the session's handler replaces it)
            down.exceptionHandler(e -> FrameLimit.closeIfTooBig(down, e));
            long timer = vertx.setTimer(
                    config.chatSocket().authFrameTimeoutMs(), id -> down.close(UNAUTHORIZED, "no auth frame in time"));
            down.textMessageHandler(text -> {
                down.pause();
                down.textMessageHandler(null);
                vertx.cancelTimer(timer);
                String token = authToken(text);
                if (token == null) {
                    down.close(UNAUTHORIZED, "the first frame must be auth");
                    return;
                }
                admit(token).onFailure(e -> refuse(down, e)).onSuccess(a -> connect(a.principal(), requestId, trace)
                        .onFailure(e -> {
                            a.release().run();
                            down.close((short) 1013, "chat service unavailable");
                        })
                        .onSuccess(up -> {
                            start(a, token, down, up, done);
                            down.resume();
                        }));
            });
        });
    }

    /** The token of an {@code auth} frame, or null when the text is not one. */
    String authToken(String text) {
        try {
            return Frames.readClient(json, text) instanceof ClientFrame.Auth a
                            && a.token() != null
                            && !a.token().isBlank()
                    ? a.token()
                    : null;
        } catch (Frames.Invalid e) {
            return null;
        }
    }

    /**
     * The hook tenant.changed arrives at (fired by the consumer after it dropped its caches): every open socket of
     * that tenant checks its credential again on its own event loop, so a suspension, deletion or revoked key
     * closes it with 4401.
     */
    void onTenantChanged(@Observes TenantChanged change) {
        if (change.tenantId() == null) {
            return;
        }
        open.getOrDefault(change.tenantId(), Set.of()).forEach(RelaySession::recheckSoon);
    }

    void forget(RelaySession s, UUID tenantId) {
        open.computeIfPresent(tenantId, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * SIGTERM, first step (before the pre-shutdown delay, while readiness turns DOWN): every open socket stops taking
     * new turns, finishes the answers it is streaming and closes with 1001 so its client reconnects to another
     * replica. Until then Quarkus's graceful shutdown counts the sockets as requests in flight and waits for them.
     */
    void onShutdownStarting(@Observes ShutdownDelayInitiatedEvent ev) {
        draining = true;
        LOG.infof("shutting down: draining %d chat sockets", openSessions());
        open.values().forEach(set -> set.forEach(RelaySession::drain));
    }

    /** SIGTERM, last step: whatever is still open after {@code drainMs} is closed 1001 all the same. */
    void onShutdown(@Observes ShutdownEvent ev) {
        draining = true;
        open.values().forEach(set -> set.forEach(RelaySession::drain));
        long deadline = System.nanoTime() + config.chatSocket().drainMs() * 1_000_000;
        while (openSessions() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        open.values().forEach(set -> set.forEach(RelaySession::goAway));
    }

    /** Open sockets right now (all tenants). */
    public int openSessions() {
        return open.values().stream().mapToInt(Set::size).sum();
    }

    Vertx vertx() {
        return vertx;
    }

    private void start(Admission a, String credential, ServerWebSocket down, WebSocket up, Runnable done) {
        Principal p = a.principal();
        if (down.isClosed()) {
            up.close(); // the client left while chat-agent was being connected
            a.release().run();
            done.run();
            return;
        }
        var s = new RelaySession(this, p, credential, down, up, () -> {
            a.release().run();
            done.run();
        });
        open.computeIfAbsent(p.tenantId(), k -> ConcurrentHashMap.newKeySet()).add(s);
        s.start();
        if (draining) {
            s.drain();
        }
    }

    /**
     * Opens chat-agent's side of the socket. Its upgrade carries {@code trace}, the context of the client's upgrade
     * request taken when it arrived (Vert.x does not trace a WebSocket handshake, and the admission's Redis and
     * directory answers may run on another context), written by the W3C propagator.
     */
    private Future<WebSocket> connect(Principal p, String requestId, TraceContext trace) {
        var target = config.services().chat();
        var options = new WebSocketConnectOptions()
                .setHost(target.getHost())
                .setPort(target.getPort())
                .setURI("/ws/chat")
                .addSubProtocol(SUBPROTOCOL)
                .addHeader("Authorization", "Bearer " + p.serviceToken());
        if (requestId != null) {
            options.addHeader(Headers.REQUEST_ID, requestId);
        }
        if (!trace.isEmpty()) {
            options.addHeader(HttpProxy.TRACEPARENT, trace.traceparent());
            if (trace.tracestate() != null) {
                options.addHeader(HttpProxy.TRACESTATE, trace.tracestate());
            }
        }
        // a handshake that never answers must not hold the client: give up after a bound, close a late success
        Promise<WebSocket> result = Promise.promise();
        long timer =
                vertx.setTimer(HANDSHAKE_TIMEOUT_MS, id -> result.tryFail("chat-agent did not answer the upgrade"));
        client.connect(options).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded() && !result.tryComplete(ar.result())) {
                ar.result().close();
            } else if (ar.failed()) {
                result.tryFail(ar.cause());
            }
        });
        return result.future().onFailure(e -> LOG.warnf("chat upstream unavailable: %s", e.getMessage()));
    }

    private void refuse(ServerWebSocket down, Throwable e) {
        if (e instanceof Limited l) {
            down.writeTextMessage(Frames.text(
                    json,
                    new ServerFrame.Error(
                            l.decision.code(),
                            "rate limit reached; retry after " + l.decision.retryAfterSeconds() + " s",
                            (int) l.decision.retryAfterSeconds()),
                    null));
            down.close((short) 1013, "rate limited");
        } else if (e instanceof TokenVerifier.Rejected) {
            down.close(UNAUTHORIZED, "invalid token");
        } else {
            down.close((short) 1013, "identity cannot be checked now");
        }
    }
}
