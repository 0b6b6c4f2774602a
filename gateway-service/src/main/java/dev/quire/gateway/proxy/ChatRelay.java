package dev.quire.gateway.proxy;

import dev.quire.contracts.Headers;
import dev.quire.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Relays {@code /ws/chat} to chat-agent-service. The bearer subprotocol is stripped and forwarded as
 * {@code Authorization}; neither is ever logged. Frames pass through unchanged, in order, both ways.
 */
@ApplicationScoped
public class ChatRelay {
    private static final Logger LOG = Logger.getLogger(ChatRelay.class);
    public static final String SUBPROTOCOL = "quire.v1";
    private static final String BEARER = "bearer.";

    private final WebSocketClient client;
    private final GatewayConfig config;

    public ChatRelay(Vertx vertx, GatewayConfig config) {
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
    public void relay(HttpServerRequest req, String token, Runnable onUpstreamFailure) {
        var target = config.services().chat();
        var options = new WebSocketConnectOptions()
                .setHost(target.getHost())
                .setPort(target.getPort())
                .setURI("/ws/chat")
                .addSubProtocol(SUBPROTOCOL)
                .addHeader("Authorization", "Bearer " + token)
                .addHeader(Headers.REQUEST_ID, req.getHeader(Headers.REQUEST_ID));
        client.connect(options)
                .onSuccess(upstream -> req.toWebSocket()
                        .onSuccess(downstream -> pipe(downstream, upstream))
                        .onFailure(e -> upstream.close()))
                .onFailure(e -> {
                    LOG.warnf("chat upstream unavailable: %s", e.getMessage());
                    onUpstreamFailure.run();
                });
    }

    private static void pipe(ServerWebSocket down, WebSocket up) {
        down.textMessageHandler(up::writeTextMessage);
        up.textMessageHandler(down::writeTextMessage);
        down.closeHandler(v -> {
            if (!up.isClosed()) {
                up.close(closeCode(down.closeStatusCode()), down.closeReason());
            }
        });
        up.closeHandler(v -> {
            if (!down.isClosed()) {
                down.close(closeCode(up.closeStatusCode()), up.closeReason());
            }
        });
        down.exceptionHandler(e -> up.close());
        up.exceptionHandler(e -> down.close());
    }

    /** Close codes that may be sent on the wire; 1005/1006 only describe what happened. */
    private static short closeCode(Short code) {
        if (code == null || code == 1005 || code == 1006 || code == 1015) {
            return 1000;
        }
        return code;
    }
}
