package dev.quire.connector.sync;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.quire.connector.source.SaasApi;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/connectors/{id}/runs/{runId}/cancel} against a real (slow) web site: the run is CANCELLED at
 * once, its worker stops before the crawl completes and lets the connector go, the checkpoint stays; an ended run is
 * 409, a member may not cancel, another tenant's run is 404.
 */
@QuarkusTest
class CancelRunTest {
    private static final int PAGES = 80;
    private static HttpServer site;
    private static final AtomicInteger served = new AtomicInteger();

    @Inject
    Db db;

    /** An index linking {@value #PAGES} pages, each answered after 150 ms: a crawl of several seconds. */
    @BeforeAll
    static void serve() throws Exception {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String body;
            if (path.equals("/index.html")) {
                var links = new StringBuilder();
                for (int i = 0; i < PAGES; i++) {
                    links.append("<li><a href=\"/p")
                            .append(i)
                            .append(".html\">Page ")
                            .append(i)
                            .append("</a></li>");
                }
                body = "<html><body><h1>Plovers</h1><ul>" + links + "</ul></body></html>";
            } else if (path.matches("/p\\d+\\.html")) {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                served.incrementAndGet();
                body = "<html><body><p>Plovers run and stop on " + path + ".</p></body></html>";
            } else {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        site.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        site.start();
    }

    @AfterAll
    static void stop() {
        site.stop(0);
    }

    @Test
    void cancelledRunEndsCancelledPromptlyAndKeepsItsCheckpoint() {
        UUID tenant = UUID.randomUUID();
        String admin = Tokens.of(tenant, "admin");
        String id = SaasApi.createWeb(
                admin,
                "Plovers",
                Map.of(
                        "startUrl",
                        "http://127.0.0.1:" + site.getAddress().getPort() + "/index.html",
                        "maxPages",
                        200,
                        "maxDepth",
                        2));
        UUID connector = UUID.fromString(id);
        String run = SaasApi.startRun(admin, id);

        // the first page of the listing is done: a checkpoint exists, the run is still going
        await().atMost(Duration.ofSeconds(60)).until(() -> checkpoint(tenant, connector) != null);

        given().auth()
                .oauth2(Tokens.of(tenant, "member"))
                .post("/api/v1/connectors/" + id + "/runs/" + run + "/cancel")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(Tokens.of(UUID.randomUUID(), "admin"))
                .post("/api/v1/connectors/" + id + "/runs/" + run + "/cancel")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(admin)
                .post("/api/v1/connectors/" + id + "/runs/" + run + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("id", equalTo(run));

        // the worker stops and lets the connector go before the crawl is complete
        await().atMost(Duration.ofSeconds(30)).until(() -> !leased(tenant, connector));
        int servedWhenStopped = served.get();
        assertTrue(servedWhenStopped < PAGES, "the crawl stopped early: " + servedWhenStopped + " pages");
        try (var api = new SaasApi(tenant)) {
            var ended = api.run(id, run);
            assertEquals("CANCELLED", ended.get("status"), "the worker does not overwrite the cancel: " + ended);
            assertNotNull(ended.get("finishedAt"));
            assertNotNull(checkpoint(tenant, connector), "the checkpoint is kept for the next run");

            given().auth()
                    .oauth2(admin)
                    .post("/api/v1/connectors/" + id + "/runs/" + run + "/cancel")
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("run_finished"));

            // the next run goes on to the end
            var next = api.sync(id, false);
            assertEquals("SUCCEEDED", next.get("status"), String.valueOf(next));
            assertEquals(null, checkpoint(tenant, connector), "a complete listing clears the checkpoint");
        }
    }

    private String checkpoint(UUID tenant, UUID connector) {
        return db.inTenant(
                        tenant,
                        c -> Db.one(
                                c,
                                "select coalesce(cursor, '') from checkpoints where connector_id = ?",
                                rs -> rs.getString(1),
                                connector))
                .orElse(null);
    }

    private boolean leased(UUID tenant, UUID connector) {
        return db.inTenant(tenant, c -> Db.one(c, "select 1 from leases where connector_id = ?", rs -> 1, connector))
                .isPresent();
    }
}
