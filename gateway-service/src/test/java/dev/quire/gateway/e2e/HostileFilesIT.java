package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More than fifty hostile files (bombs, XML entity tricks aimed at a canary server this test runs, broken and
 * oversized PDFs and office files, hostile names) and a few benign ones, uploaded through the gateway to the running
 * stack: each hostile file is refused with a problem, or ends FAILED with a readable reason or INDEXED within the
 * time limit; the benign ones are INDEXED; ingestion-service is the same healthy process afterwards and nothing
 * ever called the canary.
 */
class HostileFilesIT {
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(10);
    private static final List<String> CANARY_CALLS = new CopyOnWriteArrayList<>();
    private static HttpServer canary;
    private static String url;
    private static String token;
    private static String kb;
    private static String ingestion;

    @BeforeAll
    static void setUp() throws Exception {
        Platform.useGateway();
        // health and metrics: ingestion-service's management interface
        ingestion = "http://127.0.0.1:" + System.getProperty("quire.ingestion.management.port", "9082");
        canary = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        canary.createContext("/", exchange -> {
            CANARY_CALLS.add(exchange.getRequestURI().toString());
            byte[] body = "CANARY".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        canary.start();
        url = "http://127.0.0.1:" + canary.getAddress().getPort();
        String admin = Platform.adminToken();
        var t = Platform.tenant(admin, "Hostile files", "pro");
        Platform.limits(admin, t.id(), Map.of("requestsPerMinute", 100_000));
        token = t.ownerToken();
        kb = Ingest.knowledgeBase(token, "Hostile");
    }

    @AfterAll
    static void tearDown() {
        canary.stop(0);
    }

    private static double ingestionStartTime() {
        String metrics = given().baseUri(ingestion)
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("process_start_time_seconds")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no process_start_time_seconds in ingestion-service metrics");
    }

    private static void ingestionHealthy() {
        given().baseUri(ingestion)
                .get("/q/health")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"));
    }

    @Test
    void hostileFilesFailCleanlyTheServiceSurvivesAndNothingCallsOut() throws Exception {
        ingestionHealthy();
        double started = ingestionStartTime();
        List<HostileCorpus.Case> cases = HostileCorpus.cases(url);
        long hostileCount = cases.stream().filter(k -> !k.benign()).count();
        assertTrue(hostileCount >= 50, hostileCount + " hostile files");

        Map<String, HostileCorpus.Case> accepted = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> report = new ArrayList<>();
        for (HostileCorpus.Case k : cases) {
            var r = Ingest.upload(token, kb, k.name(), k.bytes());
            int status = r.statusCode();
            if (status == 202) {
                String id = r.jsonPath().getString("items[0].id");
                String stored = r.jsonPath().getString("items[0].filename");
                if (stored.contains("/")
                        || stored.contains("\\")
                        || stored.chars().anyMatch(Character::isISOControl)
                        || stored.getBytes(StandardCharsets.UTF_8).length > 255) {
                    problems.add(k.name() + ": stored as unsafe name " + stored);
                }
                accepted.put(id, k);
                if (k.refusedWith() != 0) {
                    problems.add(k.name() + ": accepted, expected " + k.refusedWith());
                }
                continue;
            }
            report.add(String.format(
                    "%-40s refused %d %s", shortName(k), status, r.jsonPath().getString("code")));
            if (status < 400
                    || status >= 500
                    || !r.contentType().startsWith("application/problem+json")
                    || r.jsonPath().getString("code") == null) {
                problems.add(k.name() + ": upload answered " + status + " " + r.contentType() + " " + r.asString());
            } else if (k.refusedWith() != 0 && k.refusedWith() != status) {
                problems.add(k.name() + ": refused with " + status + ", expected " + k.refusedWith());
            } else if (k.benign()) {
                problems.add(k.name() + ": benign file refused with " + status);
            }
        }

        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        Map<String, Map<String, Object>> settled = new LinkedHashMap<>();
        while (settled.size() < accepted.size() && System.nanoTime() < deadline) {
            List<Map<String, Object>> items = Ingest.documents(token, kb);
            for (var item : items) {
                String s = String.valueOf(item.get("status"));
                if (accepted.containsKey(String.valueOf(item.get("id")))
                        && (s.equals("INDEXED") || s.equals("FAILED"))) {
                    settled.putIfAbsent(String.valueOf(item.get("id")), item);
                }
            }
            Thread.sleep(2000);
        }
        for (var e : accepted.entrySet()) {
            HostileCorpus.Case k = e.getValue();
            var item = settled.get(e.getKey());
            if (item == null) {
                problems.add(k.name() + ": not settled within " + SETTLE_LIMIT);
                report.add(String.format("%-40s NOT SETTLED", shortName(k)));
                continue;
            }
            String status = String.valueOf(item.get("status"));
            String error = item.get("error") == null ? "" : String.valueOf(item.get("error"));
            report.add(String.format("%-40s %-8s %s", shortName(k), status, error));
            if (k.benign() && !status.equals("INDEXED")) {
                problems.add(k.name() + ": benign file " + status + " " + error);
            }
            if (status.equals("FAILED") && (error.isBlank() || error.length() > 600 || error.contains("\tat "))) {
                problems.add(k.name() + ": unreadable failure reason: " + error);
            }
        }
        System.out.println("HostileFilesIT outcomes:\n  " + String.join("\n  ", report));

        for (var e : accepted.entrySet()) {
            if (e.getValue().benign()) {
                String word = new String(e.getValue().bytes(), StandardCharsets.ISO_8859_1).contains("kestrel")
                        ? "kestrel"
                        : e.getValue().name().endsWith(".pdf")
                                ? "heron"
                                : e.getValue().name().endsWith(".docx") ? "otter" : "badger";
                List<Object> hits = Ingest.keywordSearch(token, e.getKey(), "benign " + word)
                        .getList("results");
                if (hits.isEmpty()) {
                    problems.add(e.getValue().name() + ": benign file not found by keyword search");
                }
            }
        }
        ingestionHealthy();
        assertEquals(started, ingestionStartTime(), "ingestion-service is the same process (no restart)");
        assertEquals(List.of(), CANARY_CALLS, "requests that reached the canary server");
        assertEquals(List.of(), problems);
    }

    private static String shortName(HostileCorpus.Case k) {
        String n = k.name().replaceAll("\\p{Cntrl}|\\p{Cf}", "?");
        return n.length() > 40 ? n.substring(0, 18) + "…" + n.substring(n.length() - 18) : n;
    }

    @Test
    void uploadOverThePlanLimitIsRefusedWith413() throws Exception {
        String admin = Platform.adminToken();
        var t = Platform.tenant(admin, "Small uploads", "free");
        Platform.limits(admin, t.id(), Map.of("maxUploadMb", 1));
        String smallKb = Ingest.knowledgeBase(t.ownerToken(), "Small");
        byte[] twoMb = HostileFiles.utf8("two megabytes of text ".repeat(100_000));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        Ingest.upload(t.ownerToken(), smallKb, "big.txt", twoMb).statusCode() == 413);
        var r = Ingest.upload(t.ownerToken(), smallKb, "big.txt", twoMb);
        assertEquals(413, r.statusCode());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertEquals("payload_too_large", r.jsonPath().getString("code"));
    }
}
