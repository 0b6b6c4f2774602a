package dev.quire.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client that offers the {@code quire.v1} subprotocol and a bearer token, and collects text frames as JSON. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    public volatile int closeCode = -1;
    private WebSocket ws;

    public static WsClient connect(URI uri, String token) throws Exception {
        var client = new WsClient();
        client.ws = builder(token).buildAsync(uri, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** A WebSocket builder offering {@code quire.v1} (10 s to connect), with a bearer token when one is given. */
    public static WebSocket.Builder builder(String token) {
        var builder = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("quire.v1")
                .connectTimeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public void send(String text) {
        ws.sendText(text, true).join();
    }

    public String subprotocol() {
        return ws.getSubprotocol();
    }

    /** Frames up to and including the first done or error frame. */
    public List<JsonNode> untilEnd(Duration timeout) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JsonNode f = frames.poll(200, TimeUnit.MILLISECONDS);
            if (f == null) {
                continue;
            }
            out.add(f);
            String t = f.path("type").asText();
            if (t.equals("done") || t.equals("error")) {
                return out;
            }
        }
        throw new AssertionError("stream did not end; got " + out);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        return null;
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
}
