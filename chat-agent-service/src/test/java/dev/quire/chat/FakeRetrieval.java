package dev.quire.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for retrieval-service's {@code POST /api/v1/search}: a tenant (read from the bearer token, like the
 * real service) gets the hits seeded for it with {@code PUT /_seed/{tenantId}}, an unseeded tenant gets 503. Every
 * search body is kept for {@code GET /_requests/{tenantId}}.
 */
public class FakeRetrieval implements QuarkusTestResourceLifecycleManager {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, JsonNode> seeded = new ConcurrentHashMap<>();
    private final Map<String, ArrayNode> requests = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        // small SSE writes must not wait for delayed ACKs (Nagle): read once, when the JDK server's config loads
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        return Map.of(
                "quarkus.rest-client.retrieval.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.startsWith("/_seed/")) {
                seeded.put(path.substring("/_seed/".length()), JSON.readTree(body));
                reply(ex, 204, null);
            } else if (path.startsWith("/_requests/")) {
                var list = requests.getOrDefault(path.substring("/_requests/".length()), JSON.createArrayNode());
                reply(ex, 200, list.toString());
            } else if (path.equals("/api/v1/search")) {
                String tenant = tenantOf(ex.getRequestHeaders().getFirst("Authorization"));
                requests.computeIfAbsent(tenant, t -> JSON.createArrayNode()).add(JSON.readTree(body));
                JsonNode hits = seeded.get(tenant);
                if (hits == null) {
                    reply(ex, 503, "{\"code\":\"upstream_unavailable\"}");
                } else {
                    reply(ex, 200, "{\"results\":" + hits + ",\"tookMs\":1}");
                }
            } else {
                reply(ex, 404, "{}");
            }
        }
    }

    private static String tenantOf(String authorization) throws IOException {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "";
        }
        String[] parts = authorization.substring(7).split("\\.");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        return claims.path("tenant_id").asText("");
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
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
