package dev.quire.connector.source;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.Bearer;
import dev.quire.platform.testing.Tokens;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A tenant admin driving connectors through the public API (create, sync and wait, read runs and errors), keeping
 * every answer and log line for leak checks, and reading what the connectors sent to Kafka.
 */
public final class SaasApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public final UUID tenant;
    public final String admin;
    public final List<String> answers = new ArrayList<>();
    public final List<String> logLines = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String msg = r.getMessage();
            if (r.getParameters() != null && msg != null) {
                msg = msg + " " + java.util.Arrays.toString(r.getParameters());
            }
            logLines.add(r.getLoggerName() + " " + msg + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /** An admin of a new tenant. */
    public SaasApi() {
        this(UUID.randomUUID());
    }

    /** An admin of this tenant. */
    public SaasApi(UUID tenant) {
        this.tenant = tenant;
        this.admin = Tokens.of(tenant, "admin");
        Logger.getLogger("").addHandler(capture);
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(capture);
    }

    /** Creates a connector in a knowledge base of its own and returns its id. */
    public String create(String type, String name, Map<String, Object> config, Map<String, Object> credentials) {
        return create(type, name, UUID.randomUUID(), config, credentials);
    }

    /** Creates a connector in this knowledge base and returns its id. */
    public String create(
            String type, String name, UUID kb, Map<String, Object> config, Map<String, Object> credentials) {
        var body = Map.of(
                "type", type,
                "name", name,
                "knowledgeBaseId", kb.toString(),
                "config", config,
                "credentials", credentials);
        Response r = given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/connectors");
        answers.add(r.asString());
        r.then().statusCode(201).body("hasCredentials", equalTo(true));
        return r.jsonPath().getString("id");
    }

    /** Starts a run and waits for its end; returns the run as the API shows it. */
    public Map<String, Object> sync(String connector, boolean full) {
        Response r = given().auth().oauth2(admin).post("/api/v1/connectors/" + connector + "/sync?full=" + full);
        answers.add(r.asString());
        r.then().statusCode(202);
        String run = r.jsonPath().getString("runId");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Object status = run(connector, run).get("status");
                    return status != null && !status.equals("QUEUED") && !status.equals("RUNNING");
                });
        return run(connector, run);
    }

    /**
     * Creates a web connector (it has no credentials) in a knowledge base of its own as this token's user and returns
     * its id.
     */
    public static String createWeb(String token, String name, Map<String, Object> config) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of(
                        "type",
                        "web",
                        "name",
                        name,
                        "knowledgeBaseId",
                        UUID.randomUUID().toString(),
                        "config",
                        config))
                .post("/api/v1/connectors")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Starts a run of the connector as this token's user (answered 202) and returns the run's id. */
    public static String startRun(String token, String connector) {
        return Bearer.post(token, "/api/v1/connectors/" + connector + "/sync")
                .statusCode(202)
                .extract()
                .path("runId");
    }

    /**
     * Runs a first sync of a source whose four items include one broken one ({@code itemId}): the run completes with
     * errors, three items added and one failed, and the broken item is the run's only error, which this answers.
     */
    public Map<String, Object> firstSyncWithOneBrokenItem(String connector, String itemId) {
        var first = sync(connector, false);
        assertEquals("COMPLETED_WITH_ERRORS", first.get("status"), first.toString());
        var errors = errors(connector, first);
        assertEquals(
                Map.of("seen", 4, "added", 3, "updated", 0, "deleted", 0, "failed", 1),
                counts(first),
                errors.toString());
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(itemId, errors.get(0).get("itemId"));
        return errors.get(0);
    }

    public List<Map<String, Object>> errors(String connector, Map<String, Object> run) {
        Response r = get("/api/v1/connectors/" + connector + "/runs/" + run.get("id") + "/errors");
        answers.add(r.asString());
        return r.jsonPath().getList("items");
    }

    /** A run of the connector as the API lists it (empty when it is not listed). */
    public Map<String, Object> run(String connector, String run) {
        Response r = get("/api/v1/connectors/" + connector + "/runs");
        List<Map<String, Object>> items = r.jsonPath().getList("items");
        return items.stream().filter(m -> run.equals(m.get("id"))).findFirst().orElse(Map.of());
    }

    public Response get(String path) {
        Response r = given().auth().oauth2(admin).get(path);
        answers.add(r.asString());
        return r;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Integer> counts(Map<String, Object> run) {
        return (Map<String, Integer>) run.get("counts");
    }

    /** The next {@code n} records of this connector on the consumer's topic (waits up to a minute for them). */
    public static List<JsonNode> records(KafkaConsumer<String, String> consumer, String connector, int n) {
        return records(consumer, r -> connector.equals(r.path("connectorId").asText()), n);
    }

    /** The next {@code n} records that match on the consumer's topic (waits up to a minute for them). */
    public static List<JsonNode> records(KafkaConsumer<String, String> consumer, Predicate<JsonNode> match, int n) {
        List<JsonNode> out = new ArrayList<>();
        long end = System.currentTimeMillis() + 60_000;
        while (out.size() < n && System.currentTimeMillis() < end) {
            for (var rec : consumer.poll(Duration.ofMillis(500))) {
                try {
                    JsonNode r = JSON.readTree(rec.value());
                    if (match.test(r)) {
                        out.add(r);
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("a record that is not JSON: " + rec.value(), e);
                }
            }
        }
        assertEquals(n, out.size(), "records that match");
        return out;
    }

    /** Every answer and log line this admin saw, for searching a secret in. */
    public List<String> everything(String connector) {
        get("/api/v1/connectors");
        get("/api/v1/connectors/" + connector);
        get("/api/v1/connectors/" + connector + "/runs");
        var all = new ArrayList<>(answers);
        synchronized (logLines) {
            all.addAll(logLines);
        }
        return all;
    }
}
