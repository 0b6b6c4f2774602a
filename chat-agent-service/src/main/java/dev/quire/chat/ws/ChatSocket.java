package dev.quire.chat.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.chat.agent.Agent;
import dev.quire.chat.agent.Reservation;
import dev.quire.chat.agent.Turn;
import dev.quire.chat.api.ApiException;
import dev.quire.chat.api.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * and {@code reservedTokens}.
 */
@WebSocket(path = "/ws/chat")
@Authenticated
public class ChatSocket {
    private static final Logger LOG = Logger.getLogger(ChatSocket.class);

    private final Agent agent;
    private final JsonWebToken jwt;
    private final ObjectMapper json;
    private final ManagedExecutor executor;
    /** Running streams by connection id and client id, with their cancel flags. */
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    public ChatSocket(Agent agent, JsonWebToken jwt, ObjectMapper json, ManagedExecutor executor) {
        this.agent = agent;
        this.jwt = jwt;
        this.json = json;
        this.executor = executor;
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
            default -> reject(connection, id, "unknown frame type '" + type + "'");
        }
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
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
            var caller = Caller.from(jwt);
            turn = new Turn(
                    caller,
                    jwt.getRawToken(),
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
