package dev.quire.gateway.proxy;

import dev.quire.contracts.Headers;
import dev.quire.gateway.auth.Principal;
import dev.quire.gateway.config.GatewayConfig;
import dev.quire.gateway.limits.Limiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Relays {@code /ws/chat} to chat-agent-service. The bearer subprotocol is stripped and forwarded as
 * {@code Authorization} (the caller's Quire token, or the internal one an API key was exchanged for); neither is
 * ever logged. Frames pass in order both ways; chat turns are admitted against the tenant's stream and token limits.
 */
@ApplicationScoped
public class ChatRelay {
    private static final Logger LOG = Logger.getLogger(ChatRelay.class);
    public static final String SUBPROTOCOL = "quire.v1";
    private static final String BEARER = "bearer.";

    private final WebSocketClient client;
    private final GatewayConfig config;
    private final ChatTurns turns;
    private final Limiter limiter;

    public ChatRelay(Vertx vertx, GatewayConfig config, ChatTurns turns, Limiter limiter) {
        this.turns = turns;
        this.limiter = limiter;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout(3000)
                .setMaxFrameSize(65536)
                .setMaxMessageSize(65536));
        this.config = config;
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

    /** Connects upstream first, then upgrades the client, so a dead upstream is a clean 502, not a dead socket. */
    public void relay(HttpServerRequest req, Principal p, Runnable onUpstreamFailure) {
        var target = config.services().chat();
        var options = new WebSocketConnectOptions()
                .setHost(target.getHost())
                .setPort(target.getPort())
                .setURI("/ws/chat")
                .addSubProtocol(SUBPROTOCOL)
                .addHeader("Authorization", "Bearer " + p.forwardToken())
                .addHeader(Headers.REQUEST_ID, req.getHeader(Headers.REQUEST_ID));
        client.connect(options)
                .onSuccess(upstream -> req.toWebSocket()
                        .onSuccess(downstream -> new Session(p, downstream, upstream).start())
                        .onFailure(e -> upstream.close()))
                .onFailure(e -> {
                    LOG.warnf("chat upstream unavailable: %s", e.getMessage());
                    onUpstreamFailure.run();
                });
    }

    /**
     * One relayed socket. Client frames are handled one after another (a {@code user_message} waits for its
     * admission, and nothing may overtake it); a {@code user_message} without a stream slot or token budget is
     * answered here with an {@code error} frame and never reaches chat-agent. The slot is given back when the
     * stream's {@code done} or {@code error} passes, or when the socket closes.
     */
    private final class Session {
        private final Principal p;
        private final ServerWebSocket down;
        private final WebSocket up;
        private final Map<String, String> streams = new HashMap<>();
        private Future<Void> last = Future.succeededFuture();

        Session(Principal p, ServerWebSocket down, WebSocket up) {
            this.p = p;
            this.down = down;
            this.up = up;
        }

        void start() {
            down.textMessageHandler(
                    text -> last = last.compose(v -> fromClient(text)).recover(e -> Future.succeededFuture()));
            up.textMessageHandler(this::fromChat);
            down.closeHandler(v -> {
                releaseAll();
                if (!up.isClosed()) {
                    up.close(closeCode(down.closeStatusCode()), down.closeReason());
                }
            });
            up.closeHandler(v -> {
                releaseAll();
                if (!down.isClosed()) {
                    down.close(closeCode(up.closeStatusCode()), up.closeReason());
                }
            });
            down.exceptionHandler(e -> up.close());
            up.exceptionHandler(e -> down.close());
        }

        private Future<Void> fromClient(String text) {
            JsonObject frame;
            try {
                frame = new JsonObject(text);
            } catch (RuntimeException e) {
                up.writeTextMessage(text); // chat-agent answers malformed frames itself
                return Future.succeededFuture();
            }
            if (!"user_message".equals(frame.getString("type"))) {
                up.writeTextMessage(text);
                return Future.succeededFuture();
            }
            String id = String.valueOf(frame.getValue("id"));
            Object max = frame.getValue("maxTokens");
            long asked = max instanceof Number n ? n.longValue() : 0;
            return turns.admit(p, asked).map(a -> {
                if (a.refused() != null) {
                    down.writeTextMessage(new JsonObject()
                            .put("type", "error")
                            .put("id", frame.getValue("id"))
                            .put("seq", 0)
                            .put("code", a.refused().code())
                            .put(
                                    "message",
                                    "limit reached; retry after " + a.refused().retryAfterSeconds() + " s")
                            .put("retryAfterSeconds", a.refused().retryAfterSeconds())
                            .encode());
                    return null;
                }
                streams.put(id, a.turn().streamId());
                up.writeTextMessage(frame.put("reservationId", a.turn().reservationId())
                        .put("reservedTokens", a.turn().tokens())
                        .encode());
                return null;
            });
        }

        private void fromChat(String text) {
            down.writeTextMessage(text);
            // only the last frame of a stream needs a look; token frames pass untouched
            if (text.contains("\"done\"") || text.contains("\"error\"")) {
                try {
                    var frame = new JsonObject(text);
                    String type = frame.getString("type");
                    if ("done".equals(type) || "error".equals(type)) {
                        String streamId = streams.remove(String.valueOf(frame.getValue("id")));
                        if (streamId != null) {
                            limiter.releaseStream(p.tenantId(), streamId);
                        }
                    }
                } catch (RuntimeException e) {
                    // not JSON: nothing to release
                }
            }
        }

        private void releaseAll() {
            streams.values().forEach(s -> limiter.releaseStream(p.tenantId(), s));
            streams.clear();
        }
    }

    /** Close codes that may be sent on the wire; 1005/1006 only describe what happened. */
    private static short closeCode(Short code) {
        if (code == null || code == 1005 || code == 1006 || code == 1015) {
            return 1000;
        }
        return code;
    }
}
