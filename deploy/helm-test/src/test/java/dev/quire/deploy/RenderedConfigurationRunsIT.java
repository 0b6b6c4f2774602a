package dev.quire.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.WsClient;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The rendered configuration runs: the env, command and ports each Deployment (and the migrations Job) renders for
 * local-values.yaml start the six service jars on this machine — nothing else in their environment — and the
 * walking-skeleton flow goes through them: sign-up, upload, INDEXED, a cited answer. A variable the chart names
 * wrongly leaves a service on its built-in default (another port, no secret) and this test fails.
 * Private Kafka and Redis on other ports and a database of its own keep the main stack untouched; every process
 * it starts is stopped at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RenderedConfigurationRunsIT {

    static final Path QUIRE_HOME = Path.of(System.getenv().getOrDefault("QUIRE_HOME", "../../.quire"));
    static final Path ROOT = Path.of(System.getProperty("quire.root", "../.."));
    static final String DB = "quire_helm_it";
    static final int KAFKA_PORT = 29192;
    static final int KAFKA_CONTROLLER_PORT = 29193;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static final List<Process> processes = new ArrayList<>();
    static Path work;
    static Map<String, String> secrets;
    static List<HasMetadata> objects;
    static String gateway;

    @BeforeAll
    static void startTheRenderedStack() throws Exception {
        work = Files.createTempDirectory("quire-helm-it");
        objects = Chart.objects(Chart.templateWithHooks()
                .withValuesFile(Path.of("src/test/resources/local-values.yaml"))
                .set(
                        "global.keysPath",
                        QUIRE_HOME.resolve("keys").toAbsolutePath().toString())
                .call());
        // the Secrets the values name, filled from this machine's generated secrets (scripts/secrets.sh)
        secrets = new LinkedHashMap<>();
        for (String k : List.of(
                "QUIRE_INTERNAL_SECRET",
                "QUIRE_PLATFORM_ADMIN_PASSWORD",
                "QUIRE_CONNECTOR_KEK",
                "QUIRE_TENANT_DB_PASSWORD",
                "QUIRE_INGESTION_DB_PASSWORD",
                "QUIRE_RETRIEVAL_DB_PASSWORD",
                "QUIRE_CHAT_DB_PASSWORD",
                "QUIRE_CONNECTOR_DB_PASSWORD")) {
            secrets.put(k, System.getenv(k));
            assertNotNull(System.getenv(k), k + ": run through scripts/secrets.sh exec");
        }
        freshDatabase();
        startRedis();
        startKafka();
        // the migrations Job first (init containers in order, then its container), as Helm's hook would
        Job migrations = Chart.ofType(objects, Job.class).stream()
                .filter(j -> j.getMetadata().getName().startsWith("quire-migrations"))
                .findFirst()
                .orElseThrow();
        var pod = migrations.getSpec().getTemplate().getSpec();
        List<Container> steps = new ArrayList<>(pod.getInitContainers());
        steps.addAll(pod.getContainers());
        for (Container c : steps) {
            Process p = start(c, c.getName());
            assertTrue(p.waitFor(3, TimeUnit.MINUTES), c.getName() + " finished");
            assertEquals(0, p.exitValue(), () -> c.getName() + " failed:\n" + tail(c.getName()));
        }
        // the five services, then the gateway (its readiness means the stack's)
        List<Deployment> deployments = Chart.ofType(objects, Deployment.class);
        Deployment gw = null;
        List<Object[]> waiting = new ArrayList<>();
        for (Deployment d : deployments) {
            if (d.getMetadata().getName().equals("quire-gateway")) {
                gw = d;
                continue;
            }
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            waiting.add(new Object[] {start(c, c.getName()), c});
        }
        for (Object[] w : waiting) {
            awaitReady((Process) w[0], (Container) w[1]);
        }
        Container g = gw.getSpec().getTemplate().getSpec().getContainers().get(0);
        awaitReady(start(g, g.getName()), g);
        gateway = "http://127.0.0.1:" + port(g, "http");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).descendants().forEach(ProcessHandle::destroy);
            processes.get(i).destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        psql("postgres", "drop database if exists " + DB + " with (force)");
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }

    /**
     * The prod profile the chart runs logs JSON lines (quarkus-logging-json): every line of every service's log is one
     * object naming its service, with the MDC where the trace and span ids go. A text line would be a broken log
     * pipeline; a service that could not load the formatter would not have become ready above. It runs after
     * the upload and the answer, so the lines of parsing (Tika, POI's Log4j), indexing and a chat turn are checked too.
     */
    @Test
    @Order(2)
    void everyRenderedServiceLogsJsonLinesNamingItsService() throws Exception {
        List<String> notJson = new ArrayList<>();
        for (Deployment d : Chart.ofType(objects, Deployment.class)) {
            String name =
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
            List<String> lines = Files.readAllLines(work.resolve(name + ".log")).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
            assertFalse(lines.isEmpty(), name + " logged nothing");
            for (String line : lines) {
                JsonNode record;
                try {
                    record = JSON.readTree(line);
                } catch (IOException e) {
                    notJson.add(name + ": " + line);
                    continue;
                }
                assertEquals(name + "-service", record.path("service").asText(), line);
                assertTrue(record.path("mdc").isObject(), line);
                assertFalse(record.path("message").isMissingNode(), line);
            }
        }
        assertEquals(List.of(), notJson, "lines that are not JSON");
    }

    @Test
    @Order(1)
    void signUpUploadIndexedAndACitedAnswerThroughTheRenderedStack() throws Exception {
        String email = "helm-" + UUID.randomUUID() + "@example.com";
        JsonNode signup = post(
                "/api/v1/auth/signup",
                null,
                Map.of("tenantName", "Helm", "email", email, "password", "a long enough password"),
                201);
        String token = signup.path("accessToken").asText();
        String kb = post("/api/v1/knowledge-bases", token, Map.of("name", "Rendered"), 201)
                .path("id")
                .asText();

        String boundary = "quire" + UUID.randomUUID();
        String text = "# Observatory\n\nThe aurora observatory opens at nine in the evening from September to March.\n";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"guide.md\"\r\n"
                        + "Content-Type: text/markdown\r\n\r\n" + text + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        var upload = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/v1/knowledge-bases/" + kb + "/documents"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, upload.statusCode(), upload.body());
        String doc =
                JSON.readTree(upload.body()).path("items").get(0).path("id").asText();

        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String status = "";
        while (System.nanoTime() < end && !status.equals("INDEXED") && !status.equals("FAILED")) {
            Thread.sleep(500);
            status = get("/api/v1/documents/" + doc, token).path("status").asText();
        }
        assertEquals("INDEXED", status);

        List<JsonNode> frames;
        try (var ws = WsClient.connect(URI.create(gateway.replace("http:", "ws:") + "/ws/chat"), token)) {
            ws.send(
                    "{\"type\":\"user_message\",\"id\":\"h-1\",\"content\":\"When does the aurora observatory open?\"}");
            frames = ws.untilEnd(Duration.ofSeconds(90));
        }
        JsonNode last = frames.get(frames.size() - 1);
        assertEquals("done", last.path("type").asText(), frames.toString());
        JsonNode citations = frames.stream()
                .filter(f -> f.path("type").asText().equals("citations"))
                .findFirst()
                .orElseThrow()
                .path("items");
        assertEquals(doc, citations.get(0).path("documentId").asText());
        StringBuilder answer = new StringBuilder();
        frames.stream()
                .filter(f -> f.path("type").asText().equals("token"))
                .forEach(f -> answer.append(f.path("delta").asText()));
        assertTrue(answer.toString().contains("nine"), answer.toString());

        // it all happened in this stack: its own database holds the user, the document, its chunks and the
        // conversation (a misnamed variable would have sent a service to the main stack's defaults: database
        // quire, ports 8081-8085)
        assertEquals("1", psql(DB, "select count(*) from tenant.users where email = '" + email + "'"));
        assertEquals("1", psql(DB, "select count(*) from ingestion.documents where id = '" + doc + "'"));
        assertTrue(Integer.parseInt(psql(DB, "select count(*) from retrieval.chunks where document_id = '" + doc + "'"))
                > 0);
        assertEquals("1", psql(DB, "select count(*) from chat.conversations"));
        // and the gateway reaches this stack's connector-service: the request shows in its own metrics
        get("/api/v1/connector-types", token);
        Container connector = Chart.ofType(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("quire-connector"))
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port(connector, "management") + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertTrue(metrics.contains("uri=\"/api/v1/connector-types\""), "connector-service served the request");
    }

    // ---------- the rendered container, run as the image would run it ----------

    /** the image's entrypoint (root pom, Jib) with the container's rendered environment and nothing else. */
    static Process start(Container c, String log) throws IOException {
        String component = c.getName().replaceFirst("^migrate-", "");
        Path jar = ROOT.resolve(component + "-service/target/quarkus-app/quarkus-run.jar")
                .toAbsolutePath();
        assertTrue(Files.exists(jar), jar + " is missing: build first (make build)");
        assertTrue(
                (c.getCommand() == null || c.getCommand().isEmpty())
                        && (c.getArgs() == null || c.getArgs().isEmpty()),
                "the image's entrypoint runs, with no arguments");
        var pb = new ProcessBuilder("/bin/sh", "-c", "exec java $JAVA_OPTS -jar " + jar);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        for (EnvVar e : c.getEnv()) {
            String value = e.getValue();
            if (e.getValueFrom() != null) {
                value = secrets.get(e.getValueFrom().getSecretKeyRef().getKey());
                assertNotNull(
                        value,
                        e.getName() + " names secret key "
                                + e.getValueFrom().getSecretKeyRef().getKey());
            }
            pb.environment().put(e.getName(), value);
        }
        pb.redirectErrorStream(true).redirectOutput(work.resolve(log + ".log").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    static void awaitReady(Process p, Container c) throws Exception {
        String ready = "http://127.0.0.1:" + port(c, "management") + "/q/health/ready";
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < end) {
            assertTrue(p.isAlive(), () -> c.getName() + " died:\n" + tail(c.getName()));
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(ready)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(c.getName() + " not ready on " + ready + ":\n" + tail(c.getName()));
    }

    static int port(Container c, String name) {
        return c.getPorts().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .orElseThrow()
                .getContainerPort();
    }

    // ---------- private infrastructure ----------

    static void freshDatabase() throws Exception {
        psql("postgres", "drop database if exists " + DB + " with (force)");
        psql("postgres", "create database " + DB);
        psql(DB, "create extension if not exists vector");
        for (String s : List.of("tenant", "ingestion", "retrieval", "chat", "connector")) {
            psql(DB, "create schema " + s + " authorization quire_" + s);
            psql(DB, "grant connect on database " + DB + " to quire_" + s);
        }
    }

    /** the superuser over the local socket, as scripts/infra.sh does; answers the output, trimmed. */
    static String psql(String db, String sql) throws Exception {
        Process p = new ProcessBuilder(
                        "/usr/lib/postgresql/15/bin/psql",
                        "-h",
                        QUIRE_HOME.resolve("pg").toAbsolutePath().toString(),
                        "-p",
                        "5432",
                        "-U",
                        "postgres",
                        "-d",
                        db,
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-qAt",
                        "-c",
                        sql)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, sql + ": " + out);
        return out.trim();
    }

    static void startRedis() throws Exception {
        var pb = new ProcessBuilder(
                "redis-server",
                "--port",
                "26379",
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                work.toString());
        pb.redirectErrorStream(true).redirectOutput(work.resolve("redis.log").toFile());
        processes.add(pb.start());
    }

    static void startKafka() throws Exception {
        Path data = work.resolve("kafka-data");
        String props = Files.readString(ROOT.resolve("deploy/kafka/server.properties"))
                .replace("@DATA@", data.toString())
                .replace("@PORT@", String.valueOf(KAFKA_PORT))
                .replace("@CPORT@", String.valueOf(KAFKA_CONTROLLER_PORT))
                .replace("@PARTITIONS@", "2");
        Path config = work.resolve("server.properties");
        Files.writeString(config, props);
        String cp = QUIRE_HOME.resolve("kafka/lib").toAbsolutePath() + "/*";
        Process format = new ProcessBuilder(
                        "java",
                        "-cp",
                        cp,
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        "cXVpcmUtaGVsbS1pdC1rcmFmdA",
                        "-c",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("kafka-format.log").toFile())
                .start();
        assertTrue(format.waitFor(60, TimeUnit.SECONDS) && format.exitValue() == 0, "kafka storage format");
        var pb = new ProcessBuilder(
                "java",
                "-Xmx512m",
                "-Dlog4j2.configurationFile="
                        + ROOT.resolve("deploy/kafka/log4j2.properties").toAbsolutePath(),
                "-cp",
                cp,
                "kafka.Kafka",
                config.toString());
        pb.redirectErrorStream(true).redirectOutput(work.resolve("kafka.log").toFile());
        processes.add(pb.start());
        // the topics the rendered topics Job creates
        String script = Chart.topicsScript(objects);
        int from = script.indexOf("for t in ") + "for t in ".length();
        String list = script.substring(from, script.indexOf("; do", from));
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + KAFKA_PORT);
        try (Admin a = Admin.create(admin)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : list.trim().split("\\s+")) {
                topics.add(new NewTopic(t, 2, (short) 1));
            }
            a.createTopics(topics).all().get(2, TimeUnit.MINUTES);
            assertFalse(a.listTopics().names().get().isEmpty());
        }
    }

    // ---------- HTTP ----------

    static JsonNode post(String path, String token, Object body, int status) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        var r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    static JsonNode get(String path, String token) throws Exception {
        var r = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    static String tail(String log) {
        try {
            List<String> lines = Files.readAllLines(work.resolve(log + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
