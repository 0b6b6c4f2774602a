package dev.quire.platform.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * The public API through the gateway, as the command-line evaluations ({@code make eval}, {@code make eval-answers})
 * use it: JSON calls with the tenant's token, multipart uploads, rate limits waited out, and an evaluation tenant whose
 * login and knowledge base are kept under {@code $QUIRE_HOME/eval} so a second run reuses what the first indexed.
 */
@RequiredArgsConstructor
public final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One file of a multipart upload. */
    public record Upload(String filename, String contentType, byte[] bytes) {
        /** A file from disk, its type guessed from its name (PDF, HTML, Markdown, else plain text). */
        public static Upload of(Path file) throws IOException {
            String name = file.getFileName().toString();
            String type = name.endsWith(".pdf")
                    ? "application/pdf"
                    : name.endsWith(".html") ? "text/html" : name.endsWith(".md") ? "text/markdown" : "text/plain";
            return new Upload(name, type, Files.readAllBytes(file));
        }
    }

    /** What a previous run left: the evaluation tenant's login and its knowledge base. */
    public record Saved(String email, String password, String kb, JsonNode all) {}

    private final String base;
    private final Duration postTimeout;
    private String token;

    /** Signs up a fresh tenant (its owner's token is used from now on); answers the email and password. */
    public Map<String, String> signup(String tenantName, String plan, String emailPrefix) throws Exception {
        String email = emailPrefix + "-" + UUID.randomUUID() + "@quire.local";
        String password = UUID.randomUUID().toString();
        token = post(
                        "/api/v1/auth/signup",
                        Map.of("tenantName", tenantName, "email", email, "password", password, "plan", plan))
                .get("accessToken")
                .asText();
        return Map.of("email", email, "password", password);
    }

    public void login(String email, String password) throws Exception {
        token = post("/api/v1/auth/token", Map.of("email", email, "password", password))
                .get("accessToken")
                .asText();
    }

    /** Where a dataset directory's evaluation state is kept. */
    public static Path stateFile(Path dataset, String prefix) {
        return Path.of(
                System.getProperty("quire.home", ".quire"),
                "eval",
                prefix + dataset.toAbsolutePath().normalize().toString().replaceAll("[^A-Za-z0-9]+", "_") + ".json");
    }

    /** The state a previous run saved, logged in again; empty when there is none or it no longer works. */
    public java.util.Optional<Saved> resume(Path state, java.util.function.Consumer<String> log) {
        if (!Files.exists(state)) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode s = JSON.readTree(state.toFile());
            login(s.get("email").asText(), s.get("password").asText());
            return java.util.Optional.of(new Saved(
                    s.get("email").asText(),
                    s.get("password").asText(),
                    s.get("kb").asText(),
                    s));
        } catch (Exception e) {
            log.accept("previous evaluation tenant unusable (" + e.getMessage() + "), loading again");
            return java.util.Optional.empty();
        }
    }

    public static void save(Path state, Map<String, Object> values) throws IOException {
        Files.createDirectories(state.getParent());
        JSON.writeValue(state.toFile(), values);
    }

    public JsonNode get(String path) throws Exception {
        return check(send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(1))
                .GET()
                .build()));
    }

    public JsonNode post(String path, Object body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .timeout(postTimeout)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return check(send(b.build()));
    }

    /** Creates a knowledge base of this name in the signed-in tenant and returns its id. */
    public String createKnowledgeBase(String name) throws Exception {
        return post("/api/v1/knowledge-bases", Map.of("name", name)).get("id").asText();
    }

    /** Uploads files into a knowledge base in one multipart request. */
    public JsonNode upload(String kb, List<Upload> files) throws Exception {
        String boundary = "quire-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        for (Upload f : files) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                            + f.filename() + "\"\r\nContent-Type: " + f.contentType() + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(f.bytes());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return check(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/knowledge-bases/" + kb + "/documents"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build()));
    }

    /** Sends, waiting out rate limits (429 with Retry-After) so a plan's limits do not fail the evaluation. */
    private static HttpResponse<String> send(HttpRequest req) throws Exception {
        for (int attempt = 0; ; attempt++) {
            var r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 429 || attempt >= 20) {
                return r;
            }
            long wait = r.headers().firstValueAsLong("Retry-After").orElse(5);
            Thread.sleep(Math.max(1, wait) * 1000);
        }
    }

    private static JsonNode check(HttpResponse<String> r) throws IOException {
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(
                    r.request().uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
