package dev.quire.chat;

import static dev.quire.chat.FakeHttp.reply;
import static dev.quire.chat.FakeHttp.tenantOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for retrieval-service's {@code POST /api/v1/search}: a tenant (read from the bearer token, like the
 * real service) gets the hits seeded for it with {@code PUT /_seed/{tenantId}}, an unseeded tenant gets 503. Every
 * search body is kept for {@code GET /_requests/{tenantId}}, its W3C {@code traceparent} header for
 * {@code GET /_traceparents/{tenantId}}, its {@code X-Quire-Query-Embedding} header (empty when absent) for
 * {@code GET /_embeddings/{tenantId}}. It also answers ingestion-service's knowledge-base routes ({@link FakeIngestion}:
 * a knowledge base named by the tenant's seeded hits is found).
 */
public class FakeRetrieval implements QuarkusTestResourceLifecycleManager {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** retrieval-service's longest query (docs/API.md, search). */
    static final int MAX_QUERY = 4000;

    private final Map<String, JsonNode> seeded = new ConcurrentHashMap<>();
    private final Map<String, ArrayNode> requests = new ConcurrentHashMap<>();
    private final Map<String, ArrayNode> traceparents = new ConcurrentHashMap<>();
    private final Map<String, ArrayNode> embeddings = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        return startServer();
    }

    Map<String, String> startServer() {
        server = FakeHttp.start(0, null, this::handle);
        String url = FakeHttp.url(server);
        return Map.of("quarkus.rest-client.retrieval.url", url, "quarkus.rest-client.ingestion.url", url);
    }

    @Override
    public void stop() {
        FakeHttp.stop(server);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.startsWith("/_seed/")) {
                String tenant = path.substring("/_seed/".length());
                JsonNode hits = JSON.readTree(body);
                seeded.put(tenant, hits);
                for (JsonNode hit : hits) { // the knowledge bases the hits name are the tenant's (FakeIngestion)
                    if (hit.hasNonNull("knowledgeBaseId")) {
                        FakeIngestion.add(tenant, hit.get("knowledgeBaseId").asText());
                    }
                }
                reply(ex, 204, null);
            } else if (path.startsWith("/_requests/")) {
                var list = requests.getOrDefault(path.substring("/_requests/".length()), JSON.createArrayNode());
                reply(ex, 200, list.toString());
            } else if (path.startsWith("/_embeddings/")) {
                var list = embeddings.getOrDefault(path.substring("/_embeddings/".length()), JSON.createArrayNode());
                reply(ex, 200, list.toString());
            } else if (path.startsWith("/_traceparents/")) {
                var list =
                        traceparents.getOrDefault(path.substring("/_traceparents/".length()), JSON.createArrayNode());
                reply(ex, 200, list.toString());
            } else if (path.equals("/api/v1/search")) {
                String tenant = tenantOf(ex.getRequestHeaders().getFirst("Authorization"));
                String traceparent = ex.getRequestHeaders().getFirst("traceparent");
                if (traceparent != null) {
                    traceparents
                            .computeIfAbsent(tenant, t -> JSON.createArrayNode())
                            .add(traceparent);
                }
                JsonNode search = JSON.readTree(body);
                requests.computeIfAbsent(tenant, t -> JSON.createArrayNode()).add(search);
                if (search.path("query").asText().length() > MAX_QUERY) { // as the real service refuses it
                    reply(ex, 400, "{\"code\":\"validation_failed\",\"detail\":\"query is too long\"}");
                    return;
                }
                String embedding = ex.getRequestHeaders().getFirst(dev.quire.contracts.Headers.QUERY_EMBEDDING);
                embeddings.computeIfAbsent(tenant, t -> JSON.createArrayNode()).add(embedding == null ? "" : embedding);
                JsonNode hits = seeded.get(tenant);
                if (hits == null) {
                    reply(ex, 503, "{\"code\":\"upstream_unavailable\"}");
                } else {
                    reply(ex, 200, "{\"results\":" + hits + ",\"tookMs\":1}");
                }
            } else if (FakeIngestion.handle(ex, path)) {
                return;
            } else {
                reply(ex, 404, "{}");
            }
        }
    }
}
