package dev.quire.chat.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.chat.agent.Agent;
import dev.quire.chat.agent.Reservation;
import dev.quire.chat.agent.Turn;
import dev.quire.chat.api.ApiException;
import dev.quire.chat.api.Caller;
import dev.quire.contracts.Claims;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
@WebSocket(path = "/ws/chat")
@Authenticated
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
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();

    private final Vertx vertx;
    /** Running streams by connection id and client id, with their cancel flags. */
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    public ChatSocket(
            Agent agent, JsonWebToken jwt, ObjectMapper json, ManagedExecutor executor, JWTParser parser, Vertx vertx) {
        this.vertx = vertx;
        this.agent = agent;
        this.jwt = jwt;
        this.json = json;
        this.executor = executor;
        this.parser = parser;
    }

    @OnTextMessage
    public void onMessage(String text, WebSocketConnection connection) {
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (Exception e) {
            reject(connection, null, "a frame must be a JSON object");
            return;
        }
        String type = frame.path("type").asText("");
        String id = frame.path("id").asText(null);
        switch (type) {
            case "ping" -> connection.sendTextAndAwait("{\"type\":\"pong\"}");
            case "cancel" -> {
                var flag = running.get(connection.id() + "/" + id);
                if (flag != null) {
                    flag.set(true);
                }
            }
            case "user_message" -> start(connection, frame, id);
            case "auth" -> renew(connection, frame.path("token").asText(""));
            default -> reject(connection, id, "unknown frame type '" + type + "'");
        }
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        expireAt(connection, jwt.getExpirationTime());
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        renewed.remove(connection.id());
        Long timer = expiries.remove(connection.id());
        if (timer != null) {
            vertx.cancelTimer(timer);
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
        Long old = expiries.remove(connection.id());
        if (old != null) {
            vertx.cancelTimer(old);
        }
        if (exp > 0) {
            long delay = Math.max(1, exp * 1000 - System.currentTimeMillis());
            expiries.put(connection.id(), vertx.setTimer(delay, id -> {
                expiries.remove(connection.id());
                unauthorized(connection);
            }));
        }
    }

    private void unauthorized(WebSocketConnection connection) {
        if (connection.isOpen()) {
            connection
                    .sendText("{\"type\":\"error\",\"code\":\"invalid_token\",\"message\":\"the token was refused\"}")
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

    private void start(WebSocketConnection connection, JsonNode frame, String id) {
        String content = frame.path("content").asText("");
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
        Turn turn;
        try {
            JsonWebToken token = current(connection);
            var caller = Caller.from(token);
            turn = new Turn(
                    caller,
                    token.getRawToken(),
                    uuid(frame.path("conversationId").asText(null)),
                    content,
                    uuids(frame.path("knowledgeBaseIds")),
                    frame.hasNonNull("maxTokens") ? frame.get("maxTokens").asInt() : null,
                    Reservation.of(
                            frame.path("reservationId").asText(null),
                            frame.hasNonNull("reservedTokens")
                                    ? frame.get("reservedTokens").asText()
                                    : null),
                    List.of());
        } catch (ApiException e) {
            running.remove(key);
            new ConnectionSink(connection, json, id).send("error", Map.of("code", e.code, "message", e.getMessage()));
            return;
        } catch (IllegalArgumentException e) {
            running.remove(key);
            reject(connection, id, "conversationId and knowledgeBaseIds must be UUIDs, reservedTokens an integer");
            return;
        }
        var sink = new ConnectionSink(connection, json, id);
        executor.runAsync(() -> {
            try {
                Agent.Prepared prepared;
                try {
                    prepared = agent.prepare(turn);
                } catch (ApiException e) {
                    sink.send("error", Map.of("code", e.code, "message", e.getMessage()));
                    return;
                }
                agent.run(turn, prepared, sink, cancelled::get);
            } catch (RuntimeException e) {
                LOG.error("agent failed", e);
                sink.send("error", Map.of("code", "internal_error", "message", "the answer failed"));
            } finally {
                running.remove(key);
            }
        });
    }

    private void reject(WebSocketConnection connection, String id, String message) {
        new ConnectionSink(connection, json, id).send("error", Map.of("code", "validation_failed", "message", message));
    }

    private static UUID uuid(String s) {
        return s == null || s.isBlank() ? null : UUID.fromString(s);
    }

    private static List<UUID> uuids(JsonNode node) {
        List<UUID> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(UUID.fromString(n.asText())));
        }
        return out;
    }
}
