package dev.quire.chat.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.chat.agent.Agent;
import dev.quire.chat.agent.Reservation;
import dev.quire.chat.agent.Turn;
import dev.quire.contracts.Claims;
import dev.quire.contracts.chat.ClientFrame;
import dev.quire.contracts.chat.ServerFrame;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.CredentialExpiry;
import dev.quire.platform.chat.Frames;
import dev.quire.platform.runtime.TenantSpan;
import dev.quire.platform.runtime.TraceContext;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * {@code /ws/chat}: the frame protocol of API.md. The upgrade itself is authenticated (any role may connect and
 * ping); each {@code user_message} needs chat rights and runs on a worker so {@code cancel} and {@code ping} are
 * answered while an answer streams. The gateway adds its token reservation to the frame as {@code reservationId}
 * and {@code reservedTokens}. An {@code auth} frame (the gateway forwards a client's fresh token, or an API key's
 * renewed internal one) replaces the connection's identity; a token of another user or tenant closes it 4401, and
 * so does the expiry of the connection's newest token (an {@code error} frame {@code invalid_token} first).
 * One class because a websockets-next endpoint is one class, and its per-connection state — the renewed token, the
 * expiry timer and the running streams' cancel flags, all keyed by connection id — is read by every frame handler
 * and cleared together on close.
 */
@WebSocket(path = "/ws/chat")
@Authenticated
@RequiredArgsConstructor
public class ChatSocket {
    private static final Logger LOG = Logger.getLogger(ChatSocket.class);

    private final Agent agent;
    private final JsonWebToken jwt;
    private final ObjectMapper json;
    private final ManagedExecutor executor;
    private final JWTParser parser;
    /** The newest token of each connection that renewed its identity with an auth frame. */
    private final Map<String, JsonWebToken> renewed = new ConcurrentHashMap<>();
    /** The expiry timer of each connection. */
    private final Map<String, CredentialExpiry> expiries = new ConcurrentHashMap<>();

    private final Vertx vertx;
    /** Running streams by connection id and client id, with their cancel flags. */
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    private final Tracer tracer;

    @OnTextMessage
    public void onMessage(String text, WebSocketConnection connection) {
        ClientFrame frame;
        try {
            frame = Frames.readClient(json, text);
        } catch (Frames.Invalid e) {
            reject(connection, e.id, e.getMessage());
            return;
        }
        if (frame instanceof ClientFrame.Ping) {
            connection.sendTextAndAwait(Frames.text(json, new ServerFrame.Pong(), null));
        } else if (frame instanceof ClientFrame.Cancel c) {
            var flag = running.get(connection.id() + "/" + c.id());
            if (flag != null) {
                flag.set(true);
            }
        } else if (frame instanceof ClientFrame.UserMessage m) {
            start(connection, m);
        } else if (frame instanceof ClientFrame.Auth a) {
            renew(connection, a.token() == null ? "" : a.token());
        }
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        expireAt(connection, jwt.getExpirationTime());
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        renewed.remove(connection.id());
        CredentialExpiry expiry = expiries.remove(connection.id());
        if (expiry != null) {
            expiry.cancel();
        }
        // a closed connection cancels its streams
        running.forEach((k, v) -> {
            if (k.startsWith(connection.id() + "/")) {
                v.set(true);
            }
        });
    }

    /** A client frame over the maximum message size (64 KiB) closes the connection with 1009, as API.md says. */
    @OnError
    public Uni<Void> onError(IllegalStateException e, WebSocketConnection connection) {
        if (e.getMessage() != null && e.getMessage().contains("max message size")) {
            return connection.close(new CloseReason(1009, "message too big"));
        }
        LOG.error("websocket failure", e);
        return connection.close(new CloseReason(1011, "internal error"));
    }

    /**
     * Replaces the connection's token with a fresh one of the same user and tenant (verified like the upgrade's; turns
     * use it from now on, and the connection now expires with it); anything else ends the connection with 4401.
     */
    private void renew(WebSocketConnection connection, String token) {
        JsonWebToken current = current(connection);
        String tenant = claim(current, Claims.TENANT_ID);
        String user = current.getSubject();
        if (token.isBlank()) {
            unauthorized(connection);
            return;
        }
        JsonWebToken fresh;
        try {
            fresh = parser.parse(token); // signature, issuer, audience and expiry, as on the upgrade
        } catch (ParseException e) {
            unauthorized(connection);
            return;
        }
        if (Objects.equals(tenant, claim(fresh, Claims.TENANT_ID)) && Objects.equals(user, fresh.getSubject())) {
            renewed.put(connection.id(), fresh);
            expireAt(connection, fresh.getExpirationTime());
        } else {
            unauthorized(connection);
        }
    }

    /** Closes the connection 4401 when its token expires ({@code exp} in epoch seconds; 0: never). */
    private void expireAt(WebSocketConnection connection, long exp) {
        expiries.computeIfAbsent(
                        connection.id(),
                        k -> new CredentialExpiry(vertx, () -> {
                            expiries.remove(connection.id());
                            unauthorized(connection);
                        }))
                .expireAt(exp * 1000);
    }

    private void unauthorized(WebSocketConnection connection) {
        if (connection.isOpen()) {
            connection
                    .sendText(Frames.text(json, new ServerFrame.Error("invalid_token", "the token was refused"), null))
                    .onItemOrFailure()
                    .transformToUni((v, e) -> connection.close(new CloseReason(4401, "invalid token")))
                    .subscribe()
                    .with(v -> {}, e -> {});
        }
    }

    private JsonWebToken current(WebSocketConnection connection) {
        return renewed.getOrDefault(connection.id(), jwt);
    }

    private static String claim(JsonWebToken token, String name) {
        Object v = token.getClaim(name);
        return v == null ? null : v instanceof jakarta.json.JsonString s ? s.getString() : v.toString();
    }

    private void start(WebSocketConnection connection, ClientFrame.UserMessage m) {
        String id = m.id();
        String content = m.content() == null ? "" : m.content();
        if (id == null || id.isBlank() || content.isBlank()) {
            reject(connection, id, "user_message needs an id and a content");
            return;
        }
        String key = connection.id() + "/" + id;
        var cancelled = new AtomicBoolean();
        if (running.putIfAbsent(key, cancelled) != null) {
            reject(connection, id, "a stream with this id is already running");
            return;
        }
        var sink = new ConnectionSink(connection, json, id);
        Turn turn;
        try {
            JsonWebToken token = current(connection);
            turn = new Turn(
                    Caller.from(token),
                    token.getRawToken(),
                    m.conversationId(),
                    content,
                    m.knowledgeBaseIds() == null ? List.of() : m.knowledgeBaseIds(),
                    m.maxTokens(),
                    Reservation.of(
                            m.reservationId(),
                            m.reservedTokens() == null
                                    ? null
                                    : m.reservedTokens().toString()),
                    List.of(),
                    m.replaces());
        } catch (ApiException e) {
            running.remove(key);
            sink.send(new ServerFrame.Error(e.code, e.getMessage()));
            return;
        } catch (IllegalArgumentException e) {
            running.remove(key);
            reject(connection, id, "reservedTokens must be an integer");
            return;
        }
        // the turn continues the trace the gateway forwarded with the frame (its span of the turn), so its search
        // and its events join the client's trace; a frame without one starts a trace here
        TraceContext trace = new TraceContext(m.traceparent(), null);
        executor.runAsync(() -> trace.continueIn(tracer, "chat turn", () -> {
            TenantSpan.mark(turn.caller().tenantId());
            answer(turn, sink, cancelled, key);
            return null;
        }));
    }

    private void answer(Turn turn, ConnectionSink sink, AtomicBoolean cancelled, String key) {
        try {
            Agent.Prepared prepared;
            try {
                prepared = agent.prepare(turn);
            } catch (ApiException e) {
                sink.send(new ServerFrame.Error(e.code, e.getMessage()));
                return;
            }
            agent.run(turn, prepared, sink, cancelled::get);
        } catch (RuntimeException e) {
            LOG.error("agent failed", e);
            sink.send(new ServerFrame.Error("internal_error", "the answer failed"));
        } finally {
            running.remove(key);
        }
    }

    private void reject(WebSocketConnection connection, String id, String message) {
        new ConnectionSink(connection, json, id).send(new ServerFrame.Error("validation_failed", message));
    }
}
