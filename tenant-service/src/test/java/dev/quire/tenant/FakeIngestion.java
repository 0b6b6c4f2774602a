package dev.quire.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A stand-in for ingestion-service's {@code POST /internal/v1/tenants/{tenantId}/knowledge-bases/owned} on the port the
 * test profile points the {@code ingestion} client at (18982): it answers with those of the asked ids that a test gave
 * the tenant ({@link #own}), and 401 without the test profile's internal secret, as the real one does.
 */
final class FakeIngestion {
    private static final Pattern PATH = Pattern.compile("/internal/v1/tenants/([0-9a-f-]{36})/knowledge-bases/owned");
    private static final Map<UUID, Set<UUID>> OWNED = new ConcurrentHashMap<>();
    private static HttpServer server;

    private FakeIngestion() {}

    /** Gives {@code kb} to {@code tenant} (starting the stand-in on first use) and returns it. */
    static synchronized UUID own(UUID tenant, UUID kb) {
        start();
        OWNED.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(kb);
        return kb;
    }

    /** Runs {@code r} while the stand-in is not listening (ingestion-service down), then listens again. */
    static synchronized void whileDown(Runnable r) {
        start();
        server.stop(0);
        server = null;
        try {
            r.run();
        } finally {
            start();
        }
    }

    private static void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 18982), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/v1/tenants/", ex -> {
            var m = PATH.matcher(ex.getRequestURI().getPath());
            int status;
            byte[] body = new byte[0];
            if (!"test-internal-secret-never-in-production"
                    .equals(ex.getRequestHeaders().getFirst("X-Quire-Internal-Secret"))) {
                status = 401;
            } else if (!m.matches() || !"POST".equals(ex.getRequestMethod())) {
                status = 404;
            } else {
                JsonNode asked = Api.JSON.readTree(ex.getRequestBody()).path("ids");
                var mine = OWNED.getOrDefault(UUID.fromString(m.group(1)), Set.of());
                var owned = new ArrayList<String>();
                asked.forEach(id -> {
                    if (mine.contains(UUID.fromString(id.asText()))) {
                        owned.add(id.asText());
                    }
                });
                status = 200;
                body = Api.JSON.writeValueAsString(Map.of("ids", owned)).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
            }
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
    }
}
