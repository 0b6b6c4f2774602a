package dev.quire.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executor;

/** What the fake upstreams ({@link FakeRetrieval}, {@link FakeLlm}) share: their JDK server, replies and claims. */
final class FakeHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeHttp() {}

    /** A started server on a free local port, every path to {@code handler} ({@code executor} null: the default). */
    static HttpServer start(int backlog, Executor executor, HttpHandler handler) {
        // small SSE writes must not wait for delayed ACKs (Nagle): read once, when the JDK server's config loads
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), backlog);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    /** The server's base URL. */
    static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static void stop(HttpServer server) {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The tenant of a bearer token ("" without one). */
    static String tenantOf(String authorization) throws IOException {
        return claimsOf(authorization).path("tenant_id").asText("");
    }

    /** The claims of a bearer token (none without one); the signature is not checked. */
    static JsonNode claimsOf(String authorization) throws IOException {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return JSON.createObjectNode();
        }
        String[] parts = authorization.substring(7).split("\\.");
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    /** A JSON reply, or an empty one when {@code body} is null. */
    static void reply(HttpExchange ex, int status, String body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
