package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Connectors through the gateway for the end-to-end tests: every call as one tenant, each answer (status line,
 * headers, body) kept for the secrets check; runs awaited; search asked; and connector-service's settings for tests.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class ConnectorApi {
    /**
     * What connector-service runs with under `make test` (the Makefile's TEST_STACK_ENV): private networks allowed
     * (the S3 server is on 127.0.0.1), a dead run's lease reaped after 15 s instead of 60, S3 listed 20 keys a page
     * so a run saves checkpoints that a crash can resume from.
     */
    static final Map<String, String> TEST_SETTINGS = Map.of(
            "QUIRE_CONNECTORS_ALLOW_PRIVATE", "true",
            "QUIRE_CONNECTORS_LEASE_TTL", "PT15S",
            "QUIRE_CONNECTORS_HEARTBEAT", "PT3S",
            "QUIRE_CONNECTORS_S3_PAGE_SIZE", "20");

    private static final String SERVICE = "connector-service";
    private static final Pattern FETCHES =
            Pattern.compile("(?m)^quire_connector_fetches_total\\{[^}]*type=\"s3\"[^}]*\\}\\s+([0-9.eE+]+)");

    private final String token;
    private final List<String> answers = Collections.synchronizedList(new ArrayList<>());
    private final Filter keep = (req, res, ctx) -> {
        var r = ctx.next(req, res);
        answers.add(r.getStatusLine() + "\n" + r.getHeaders() + "\n" + r.asString());
        return r;
    };

    /** A request as the tenant whose answer is kept. */
    RequestSpecification api() {
        return given().filter(keep).auth().oauth2(token);
    }

    /** Every answer received through {@link #api()} so far. */
    List<String> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    String knowledgeBase(String name) {
        return Ingest.knowledgeBase(api(), name);
    }

    /** An s3 connector (path-style, custom endpoint) on {@code bucket}; answers its id. */
    String s3(String name, String kb, URI endpoint, String bucket, String accessKey, String secret) {
        return api().contentType(ContentType.JSON)
                .body(Map.of(
                        "type",
                        "s3",
                        "name",
                        name,
                        "knowledgeBaseId",
                        kb,
                        "config",
                        Map.of(
                                "endpoint",
                                endpoint.toString(),
                                "region",
                                "us-east-1",
                                "bucket",
                                bucket,
                                "pathStyle",
                                true),
                        "credentials",
                        Map.of("accessKeyId", accessKey, "secretAccessKey", secret)))
                .post("/api/v1/connectors")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Asks for a run (202); answers its id. */
    String sync(String connector) {
        return api().post("/api/v1/connectors/" + connector + "/sync")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
    }

    /** The run as the runs list shows it; empty while the list does not answer (connector-service restarting). */
    Map<String, Object> run(String connector, String run) {
        var r = api().get("/api/v1/connectors/" + connector + "/runs");
        if (r.statusCode() != 200) {
            return Map.of();
        }
        List<Map<String, Object>> items = r.jsonPath().getList("items");
        return items.stream().filter(m -> run.equals(m.get("id"))).findFirst().orElse(Map.of());
    }

    /** Waits until the run has ended (neither QUEUED nor RUNNING); answers it. */
    Map<String, Object> ended(String connector, String run, Duration limit) {
        var last = new Object[] {Map.of()};
        await().atMost(limit)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    var m = run(connector, run);
                    last[0] = m;
                    Object s = m.get("status");
                    return s != null && !"QUEUED".equals(s) && !"RUNNING".equals(s);
                });
        @SuppressWarnings("unchecked")
        var m = (Map<String, Object>) last[0];
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> counts(Map<String, Object> run) {
        return (Map<String, Object>) run.get("counts");
    }

    static int count(Map<String, Object> run, String name) {
        return ((Number) counts(run).get(name)).intValue();
    }

    /** The knowledge base's documents (up to 200), as its list answers them. */
    List<Map<String, Object>> documents(String kb) {
        var r = api().get("/api/v1/knowledge-bases/" + kb + "/documents?limit=200");
        assertEquals(200, r.statusCode(), r.asString());
        return r.jsonPath().getList("items");
    }

    /** Waits until the knowledge base holds exactly {@code n} documents, every one INDEXED; answers them. */
    List<Map<String, Object>> awaitIndexed(String kb, int n, Duration limit) {
        var last = new ArrayList<Map<String, Object>>();
        await().atMost(limit).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            var docs = documents(kb);
            var statuses = docs.stream().map(d -> d.get("status")).toList();
            assertEquals(n, docs.size(), "documents " + statuses);
            assertEquals(n, statuses.stream().filter("INDEXED"::equals).count(), "statuses " + statuses);
            last.clear();
            last.addAll(docs);
        });
        return last;
    }

    /** Whether a keyword search of the knowledge base finds a chunk containing {@code word}. */
    boolean found(String kb, String word) {
        var r = api().contentType(ContentType.JSON)
                .body(Map.of("query", word, "mode", "keyword", "knowledgeBaseIds", List.of(kb), "topK", 5))
                .post("/api/v1/search");
        assertEquals(200, r.statusCode(), r.asString());
        List<String> texts = r.jsonPath().getList("results.text");
        return texts.stream().anyMatch(t -> t.toLowerCase().contains(word.toLowerCase()));
    }

    /** An S3 client of the test's own (it fills the buckets the connectors read). */
    static S3Client s3(URI endpoint, String accessKey, String secret) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .build();
    }

    /**
     * Restarts connector-service with {@link #TEST_SETTINGS} unless it runs with them already (`make test` starts it
     * so); answers the settings it ran with before (empty values: unset), for {@link #restore}, or null when nothing
     * changed.
     */
    static Map<String, String> useTestSettings() throws Exception {
        Map<String, String> now = Stack.environment(SERVICE, "QUIRE_CONNECTORS_");
        boolean same =
                TEST_SETTINGS.entrySet().stream().allMatch(e -> e.getValue().equals(now.get(e.getKey())));
        if (same) {
            return null;
        }
        var before = new java.util.HashMap<String, String>();
        TEST_SETTINGS.keySet().forEach(k -> before.put(k, now.getOrDefault(k, "")));
        Stack.stop(SERVICE);
        Stack.script(TEST_SETTINGS, "services.sh", "start");
        return before;
    }

    /** Starts connector-service again with the settings it had before {@link #useTestSettings()} changed them. */
    static void restore(Map<String, String> before) throws Exception {
        if (before != null) {
            Stack.stop(SERVICE);
            Stack.script(before, "services.sh", "start");
        }
    }

    /** kill -9 of connector-service, then `services.sh start` starts it again with the test settings. */
    static void killAndRestart() throws Exception {
        Stack.kill9(SERVICE);
        Stack.script(TEST_SETTINGS, "services.sh", "start");
    }

    /** How many times this connector-service process fetched an S3 object (its metric; 0 after a restart). */
    static double s3Fetches() throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("QUIRE_CONNECTOR_MANAGEMENT_PORT", "9085"));
        var r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        var m = FETCHES.matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
