package dev.quire.chat;

import static dev.quire.chat.FakeHttp.claimsOf;
import static dev.quire.chat.FakeHttp.reply;
import static dev.quire.chat.FakeHttp.tenantOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ingestion-service's knowledge-base routes as {@link FakeLlm} and {@link FakeRetrieval} both answer them (either may
 * be the {@code ingestion} client's URL): the list, and one knowledge base found only in the token's tenant (404 for
 * anyone else's, 403 to a key without {@code read}). A tenant's knowledge bases are those seeded with
 * {@code PUT /_kbs/{tenantId}} on the model's server and those its seeded search hits name.
 */
final class FakeIngestion {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/api/v1/knowledge-bases";
    private static final Map<String, ArrayNode> KBS = new ConcurrentHashMap<>();

    private FakeIngestion() {}

    /** Replaces the tenant's listed knowledge bases. */
    static void list(String tenant, JsonNode kbs) {
        KBS.put(tenant, kbs.isArray() ? (ArrayNode) kbs : JSON.createArrayNode());
    }

    /** Adds a knowledge base by id (one a seeded search hit names), unless the tenant has it already. */
    static void add(String tenant, String kbId) {
        var kbs = KBS.computeIfAbsent(tenant, t -> JSON.createArrayNode());
        synchronized (kbs) {
            if (find(kbs, kbId) == null) {
                kbs.addObject().put("id", kbId).put("name", "kb " + kbId.substring(0, 8));
            }
        }
    }

    /** Answers the request if it is one of ingestion's knowledge-base routes; false when it is not. */
    static boolean handle(HttpExchange ex, String path) throws IOException {
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            return false;
        }
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        ArrayNode kbs = KBS.getOrDefault(tenantOf(authorization), JSON.createArrayNode());
        if (path.equals(PATH)) {
            reply(ex, 200, "{\"items\":" + kbs + "}");
            return true;
        }
        JsonNode found = find(kbs, path.substring(PATH.length() + 1));
        JsonNode scope = claimsOf(authorization).path("scope");
        boolean read = scope.isMissingNode() || scope.toString().contains("\"read\"");
        if (found == null) {
            reply(ex, 404, "{\"code\":\"not_found\"}");
        } else {
            reply(ex, read ? 200 : 403, read ? found.toString() : "{\"code\":\"forbidden\"}");
        }
        return true;
    }

    private static JsonNode find(ArrayNode kbs, String id) {
        synchronized (kbs) {
            for (JsonNode kb : kbs) {
                if (kb.path("id").asText().equals(id)) {
                    return kb;
                }
            }
        }
        return null;
    }
}
