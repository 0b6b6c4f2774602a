package dev.quire.connector.source;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.quire.platform.testing.Tokens;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** A tenant admin driving connectors through the public API, keeping every answer and log line for leak checks. */
public final class SaasApi implements AutoCloseable {
    private final UUID tenant = UUID.randomUUID();
    private final String admin = Tokens.of(tenant, "admin");
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

    public SaasApi() {
        Logger.getLogger("").addHandler(capture);
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(capture);
    }

    /** Creates a connector and returns its id. */
    public String create(String type, String name, Map<String, Object> config, Map<String, Object> credentials) {
        var body = Map.of(
                "type", type,
                "name", name,
                "knowledgeBaseId", UUID.randomUUID().toString(),
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
                    String status = runOf(connector, run).get("status").toString();
                    return !status.equals("QUEUED") && !status.equals("RUNNING");
                });
        return runOf(connector, run);
    }

    public List<Map<String, Object>> errors(String connector, Map<String, Object> run) {
        Response r = get("/api/v1/connectors/" + connector + "/runs/" + run.get("id") + "/errors");
        answers.add(r.asString());
        return r.jsonPath().getList("items");
    }

    private Map<String, Object> runOf(String connector, String run) {
        Response r = get("/api/v1/connectors/" + connector + "/runs");
        answers.add(r.asString());
        List<Map<String, Object>> items = r.jsonPath().getList("items");
        return items.stream().filter(m -> run.equals(m.get("id"))).findFirst().orElseThrow();
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
