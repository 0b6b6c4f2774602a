package dev.quire.gateway.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.gateway.config.GatewayConfig;
import dev.quire.gateway.proxy.Routes;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The public OpenAPI document ({@code src/main/resources/openapi/quire-public.json}) is exactly the merge of the
 * services' build-time documents ({@code <service>/target/openapi/openapi.json}) over the routes this gateway
 * forwards to each of them: a resource changed without regenerating it fails here. Regenerate with
 * {@code -Dquire.openapi.write=true} after building the five services.
 */
class PublicOpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path CHECKED_IN = Path.of("src/main/resources", PublicApiDocument.RESOURCE);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** Service module → the stand-in address the route table sends its prefixes to. */
    private static final Map<String, String> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("tenant-service", "tenant");
        SERVICES.put("ingestion-service", "ingestion");
        SERVICES.put("retrieval-service", "retrieval");
        SERVICES.put("chat-agent-service", "chat");
        SERVICES.put("connector-service", "connector");
    }

    @Test
    void checkedInDocumentIsTheMergeOfTheServicesDocuments() throws IOException {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        for (String module : SERVICES.keySet()) {
            Path p = Path.of("..", module, "target/openapi/openapi.json");
            // a missing document fails rather than skips: a skipped drift check would pass a drifted document
            assertTrue(Files.isRegularFile(p), p + " is not built: package the five services first");
            docs.put(module, JSON.readTree(p.toFile()));
        }
        ObjectNode merged = merge(docs);
        if (Boolean.getBoolean("quire.openapi.write")) {
            Files.writeString(CHECKED_IN, JSON.writeValueAsString(merged) + "\n");
        }
        JsonNode checkedIn = JSON.readTree(CHECKED_IN.toFile());
        assertEquals(
                JSON.writeValueAsString(merged),
                JSON.writeValueAsString(checkedIn),
                CHECKED_IN + " drifted from the services' documents: rebuild them and run this test with"
                        + " -Dquire.openapi.write=true");
    }

    @Test
    void checkedInDocumentListsOnlyRoutesTheGatewayForwards() throws IOException {
        JsonNode doc = JSON.readTree(CHECKED_IN.toFile());
        Routes routes = routes();
        assertTrue(doc.path("paths").size() > 20, "the public document lists the public API");
        for (Iterator<String> it = doc.path("paths").fieldNames(); it.hasNext(); ) {
            String path = it.next();
            assertTrue(routes.target(path).isPresent(), path + " is not a route of the gateway");
            assertFalse(path.startsWith("/internal"), path);
        }
        // the sign-up needs no token; a knowledge base does
        assertEquals(0, doc.at("/paths/~1api~1v1~1auth~1signup/post/security").size());
        assertTrue(doc.at("/paths/~1api~1v1~1knowledge-bases/get/security").isMissingNode());
        assertEquals("bearer", doc.at("/security/0").fieldNames().next());
        // the services' internal headers (the internal secret, reservations, the query embedding) are not public API
        assertFalse(Files.readString(CHECKED_IN).contains("X-Quire-"), "an X-Quire-* header in the public document");
    }

    /** The public document: each service's paths that the gateway routes to it, and the schemas they reference. */
    static ObjectNode merge(Map<String, JsonNode> docs) {
        Routes routes = routes();
        Map<String, JsonNode> paths = new TreeMap<>();
        Map<String, JsonNode> schemas = new TreeMap<>();
        String version = null;
        for (var e : docs.entrySet()) {
            JsonNode doc = e.getValue();
            version = version == null ? doc.path("openapi").asText() : version;
            URI owner = URI.create("http://" + SERVICES.get(e.getKey()));
            var used = new TreeSet<String>();
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
                var p = it.next();
                if (!routes.target(p.getKey()).map(owner::equals).orElse(false)) {
                    continue; // internal, or another service's prefix: not public through this gateway
                }
                ObjectNode item = p.getValue().deepCopy();
                for (Iterator<Map.Entry<String, JsonNode>> ops = item.fields(); ops.hasNext(); ) {
                    var op = ops.next();
                    if (!METHODS.contains(op.getKey())) {
                        continue;
                    }
                    ObjectNode o = (ObjectNode) op.getValue();
                    o.remove("security"); // the services' own scheme: the document's default (bearer) applies
                    // X-Quire-* headers pass between the gateway and the services only: the gateway drops a client's
                    if (o.path("parameters").isArray()) {
                        var params = (com.fasterxml.jackson.databind.node.ArrayNode) o.get("parameters");
                        for (int i = params.size() - 1; i >= 0; i--) {
                            JsonNode param = params.get(i);
                            if ("header".equals(param.path("in").asText())
                                    && param.path("name").asText().regionMatches(true, 0, "X-Quire-", 0, 8)) {
                                params.remove(i);
                            }
                        }
                        if (params.isEmpty()) {
                            o.remove("parameters");
                        }
                    }
                    if (routes.isPublic(op.getKey().toUpperCase(java.util.Locale.ROOT), p.getKey())) {
                        o.putArray("security");
                    }
                }
                if (paths.put(p.getKey(), item) != null) {
                    throw new IllegalStateException(p.getKey() + " is in two services' documents");
                }
                refs(item, used);
            }
            JsonNode own = doc.path("components").path("schemas");
            var todo = new ArrayDeque<>(used);
            var seen = new TreeSet<String>();
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (!seen.add(name) || !own.has(name)) {
                    continue;
                }
                JsonNode schema = own.get(name);
                JsonNode before = schemas.put(name, schema);
                if (before != null && !before.equals(schema)) {
                    throw new IllegalStateException(
                            "schema " + name + " differs between services: name one apart" + " with @Schema(name = …)");
                }
                var more = new TreeSet<String>();
                refs(schema, more);
                todo.addAll(more);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("openapi", version);
        ObjectNode info = out.putObject("info");
        info.put("title", "Quire API");
        info.put("version", "v1");
        info.put(
                "description",
                "The public API of Quire as the gateway serves it (docs/API.md). Errors are problem+json with a"
                        + " stable code; OpenAI's error shape under /v1/.");
        out.putArray("servers").addObject().put("url", "/");
        out.putArray("security").addObject().putArray("bearer");
        ObjectNode p = out.putObject("paths");
        paths.forEach(p::set);
        ObjectNode components = out.putObject("components");
        ObjectNode s = components.putObject("schemas");
        schemas.forEach(s::set);
        ObjectNode bearer = components.putObject("securitySchemes").putObject("bearer");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("description", "an access token from POST /api/v1/auth/token (or an API key's exchange)");
        return out;
    }

    private static void refs(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/components/schemas/")) {
                out.add(ref.asText().substring("#/components/schemas/".length()));
            }
            node.elements().forEachRemaining(n -> refs(n, out));
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(n -> refs(n, out));
        }
    }

    /** The gateway's own route table, with each service at a stand-in address named after it. */
    static Routes routes() {
        Object services = Proxy.newProxyInstance(
                GatewayConfig.Services.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.Services.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "tenant", "ingestion", "retrieval", "chat", "connector" -> URI.create(
                            "http://" + method.getName());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        GatewayConfig config = (GatewayConfig) Proxy.newProxyInstance(
                GatewayConfig.class.getClassLoader(), new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("services")) {
                        return services;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new Routes(config);
    }
}
