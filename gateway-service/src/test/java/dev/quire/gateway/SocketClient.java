package dev.quire.gateway;

import dev.quire.platform.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client of the gateway's {@code /ws/chat}: collects frames as JSON and the close code. */
final class SocketClient implements WebSocket.Listener {
    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    /** Connects offering {@code quire.v1}, with {@code Authorization} when a token is given. */
    static SocketClient open(int port, String token) throws Exception {
        var client = new SocketClient();
        client.ws = WsClient.builder(token)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat"), client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    /** Sends text as it is (a frame that may not be JSON at all). */
    void sendRaw(String text) {
        ws.sendText(text, true).join();
    }

    void send(JsonObject frame) {
        ws.sendText(frame.encode(), true).join();
    }

    /** The next frame of a type, skipping others; fails after the timeout. */
    JsonObject next(String type, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            JsonObject f = frames.poll(100, TimeUnit.MILLISECONDS);
            if (f != null && type.equals(f.getString("type"))) {
                return f;
            }
        }
        throw new AssertionError("no '" + type + "' frame within " + timeoutMs + " ms");
    }

    int closeCode(long timeoutMs) throws Exception {
        return closed.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(new JsonObject(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    void abort() {
        ws.abort();
    }
}
