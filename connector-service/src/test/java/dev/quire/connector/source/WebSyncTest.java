package dev.quire.connector.source;

import static dev.quire.connector.source.SaasApi.counts;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.connector.config.TestConnectorsConfig;
import dev.quire.connector.net.OutboundGuard;
import dev.quire.connector.net.Rebinding;
import dev.quire.connector.source.web.WebSource;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web connector against a real HTTP server serving real HTML (Debian's libffi manual from /usr/share/doc):
 * robots.txt Disallow honoured, depth and page caps, unchanged pages answered 304 and not re-sent, a changed page
 * a new version, a removed page pruned; with private networks not allowed the same site is refused.
 */
@QuarkusTest
class WebSyncTest {
    private static final Path SOURCE = Path.of("/usr/share/doc/libffi-dev/html");
    private static final String DISALLOWED = "/The-Closure-API.html";
    /** The web connectors made by hand: 5 s timeouts, pages up to 640 KiB. */
    private static final ConnectorsConfig WEB = TestConnectorsConfig.of(
            Map.of("quire.connectors.http-timeout", "PT5S", "quire.connectors.max-item-bytes", "655360"));

    private static HttpServer server;
    private static Path site;
    private static final Map<String, AtomicInteger> full = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> notModified = new ConcurrentHashMap<>();

    @Inject
    Db db;

    private final UUID tenant = UUID.randomUUID();
    private final String admin = Tokens.of(tenant, "admin");

    @BeforeAll
    static void serve() throws Exception {
        site = Files.createTempDirectory("site");
        try (var files = Files.list(SOURCE)) {
            for (Path f : files.toList()) {
                Files.copy(f, site.resolve(f.getFileName().toString()));
            }
        }
        Files.writeString(site.resolve("robots.txt"), "User-agent: *\nDisallow: " + DISALLOWED + "\n");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            Path f = site.resolve(path.substring(1)).normalize();
            if (!f.startsWith(site) || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] body = Files.readAllBytes(f);
            String etag;
            try {
                etag = "\""
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + "\"";
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            ex.getResponseHeaders().add("ETag", etag);
            ex.getResponseHeaders().add("Content-Type", path.endsWith(".txt") ? "text/plain" : "text/html");
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            full.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void siteSyncsWithRobotsConditionalGetsAndPruning() throws Exception {
        String id = create(Map.of("startUrl", base() + "/index.html", "maxDepth", 10, "maxPages", 100));

        var first = sync(id);
        assertEquals("SUCCEEDED", first.get("status"), String.valueOf(first));
        int pages = counts(first).get("added");
        assertTrue(pages >= 10, "the manual's pages are indexed: " + first);
        assertEquals(0, full.getOrDefault(DISALLOWED, new AtomicInteger()).get(), "robots.txt Disallow honoured");
        List<String> items = itemIds(id);
        assertEquals(pages, items.size());
        assertTrue(items.stream().noneMatch(u -> u.endsWith(DISALLOWED)));
        assertTrue(items.stream().allMatch(u -> u.startsWith(base())), "same host only");

        // unchanged: every page answered 304, nothing sent again
        int fullBefore = fullHtml();
        int notModifiedBefore = notModifiedHtml();
        var second = sync(id);
        assertEquals(Map.of("seen", pages, "added", 0, "updated", 0, "deleted", 0, "failed", 0), counts(second));
        assertEquals(fullBefore, fullHtml(), "no page body fetched again");
        assertEquals(notModifiedBefore + pages, notModifiedHtml());

        // one page changed: one new version; one page removed: pruned
        Files.writeString(
                site.resolve("Types.html"),
                Files.readString(site.resolve("Types.html"))
                        .replace("</body>", "<p>Revised: types of the heron ABI.</p></body>"));
        Files.delete(site.resolve("Missing-Features.html"));
        assertTrue(items.contains(base() + "/Missing-Features.html"), "the removed page was indexed before");
        var third = sync(id);
        assertEquals(1, counts(third).get("updated"), String.valueOf(third));
        assertEquals(1, counts(third).get("deleted"), String.valueOf(third));
        assertTrue(itemIds(id).stream().noneMatch(u -> u.endsWith("/Missing-Features.html")));
    }

    @Test
    void aStartPageThatIsGoneFailsTheRunAndKeepsWhatWasSynced() throws Exception {
        Files.copy(site.resolve("index.html"), site.resolve("moved.html"));
        String id = create(Map.of("startUrl", base() + "/moved.html", "maxDepth", 1, "maxPages", 5));
        var first = sync(id);
        assertEquals("SUCCEEDED", first.get("status"), String.valueOf(first));
        List<String> synced = itemIds(id);
        assertEquals(5, synced.size(), "the positive control: the start page and its links were synced");

        Files.delete(site.resolve("moved.html"));
        var second = sync(id);
        assertEquals("FAILED", second.get("status"), String.valueOf(second));
        assertEquals(
                "source_refused: " + base() + "/moved.html answered 404", second.get("error"), String.valueOf(second));
        assertEquals(Set.copyOf(synced), Set.copyOf(itemIds(id)), "nothing pruned");

        // a start page that is not HTML says so
        var text = sync(create(Map.of("startUrl", base() + "/robots.txt")));
        assertEquals("FAILED", text.get("status"), String.valueOf(text));
        assertEquals(
                "source_refused: " + base() + "/robots.txt is not an HTML page (text/plain)",
                text.get("error"),
                String.valueOf(text));
    }

    @Test
    void depthAndPageCapsHold() {
        var startOnly = sync(create(Map.of("startUrl", base() + "/index.html", "maxDepth", 0)));
        assertEquals(1, counts(startOnly).get("seen"));
        var three = sync(create(Map.of("startUrl", base() + "/index.html", "maxDepth", 10, "maxPages", 3)));
        assertEquals(3, counts(three).get("seen"));
    }

    @Test
    void withPrivateNetworksNotAllowedTheSiteIsRefusedWithAClearError() {
        var web = new WebSource(new OutboundGuard(false), WEB);
        var config = new ObjectMapper().createObjectNode().put("startUrl", base() + "/index.html");
        var e = assertThrows(
                SourceConnector.SourceException.class,
                () -> web.open(config, new ObjectMapper().createObjectNode(), item -> Optional.empty()));
        assertEquals("private_address", e.code());
        assertTrue(
                e.getMessage().contains("unless the operator of this installation allows private networks"),
                e.getMessage());
    }

    @Test
    void aHostThatDoesNotResolveIsUnreachableNotPrivate() {
        var web = new WebSource(new OutboundGuard(false), WEB);
        var config = new ObjectMapper().createObjectNode().put("startUrl", "https://docs.northwind.invalid/");
        var e = assertThrows(SourceConnector.SourceException.class, () -> {
            try (var session = web.open(config, new ObjectMapper().createObjectNode(), item -> Optional.empty())) {
                session.list(null, null);
            }
        });
        assertEquals("source_unreachable", e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("does not resolve"), e.getMessage());
    }

    @Test
    void aPrivateStartUrlIsRefusedWhenTheConnectorIsSavedNotAtEveryRun() {
        var web = new WebSource(new OutboundGuard(false), WEB);
        var none = new ObjectMapper().createObjectNode();
        for (String url : List.of("http://localhost:8080/", "http://169.254.169.254/latest/", "http://[::1]/")) {
            var config = new ObjectMapper().createObjectNode().put("startUrl", url);
            var e = assertThrows(dev.quire.platform.api.ApiException.class, () -> web.validate(config, none), url);
            assertEquals(400, e.status);
            assertTrue(e.getMessage().startsWith("config.startUrl: host "), e.getMessage());
            assertTrue(e.getMessage().contains("private address"), e.getMessage());
        }
        // a public address, and a name that does not resolve now (the run decides), are saved
        for (String url : List.of("https://93.184.215.14/", "https://docs.example.invalid/")) {
            assertDoesNotThrow(
                    () -> web.validate(new ObjectMapper().createObjectNode().put("startUrl", url), none), url);
        }
    }

    @Test
    void aNameThatRebindsToAPrivateAddressAfterItsCheckIsNeverFetched() throws Exception {
        String site = "http://site.rebind.test:" + server.getAddress().getPort() + "/index.html";
        var config = new ObjectMapper().createObjectNode().put("startUrl", site);
        var dns = new Rebinding("site.rebind.test", "127.0.0.1");
        int served = full.getOrDefault("/index.html", new AtomicInteger()).get();

        var web = new WebSource(dns.guard(false), WEB);
        try (var session = web.open(config, new ObjectMapper().createObjectNode(), item -> Optional.empty())) {
            var e = assertThrows(SourceConnector.SourceException.class, () -> session.list(null, null));
            assertEquals("private_address", e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        }
        assertTrue(dns.connects.get() > 0, "the client asked the guard, not the system, for the address");
        assertEquals(
                served, full.getOrDefault("/index.html", new AtomicInteger()).get(), "never fetched");

        // the positive control: the operator allows private networks, and the same name (known only to this name
        // server) is crawled, so the connection used the guard's answer
        var allowed = new WebSource(dns.guard(true), WEB);
        try (var session = allowed.open(config, new ObjectMapper().createObjectNode(), item -> Optional.empty())) {
            assertFalse(session.list(null, null).items().isEmpty());
        }
        assertEquals(served + 1, full.get("/index.html").get());
    }

    private String create(Map<String, Object> config) {
        return SaasApi.createWeb(admin, "Manual " + UUID.randomUUID(), config);
    }

    private Map<String, Object> sync(String id) {
        String run = SaasApi.startRun(admin, id);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Object s = run(id, run).get("status");
                    return !"QUEUED".equals(s) && !"RUNNING".equals(s);
                });
        return run(id, run);
    }

    private Map<String, Object> run(String id, String run) {
        List<Map<String, Object>> items = given().auth()
                .oauth2(admin)
                .get("/api/v1/connectors/" + id + "/runs")
                .jsonPath()
                .getList("items");
        return items.stream().filter(m -> run.equals(m.get("id"))).findFirst().orElse(Map.of());
    }

    private List<String> itemIds(String connector) {
        return db.inTenant(
                tenant,
                c -> Db.list(
                        c,
                        "select item_id from items where connector_id = ?",
                        rs -> rs.getString(1),
                        UUID.fromString(connector)));
    }

    private static int fullHtml() {
        return full.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".html"))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }

    private static int notModifiedHtml() {
        return notModified.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".html"))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }
}
