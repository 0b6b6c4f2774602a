package dev.quire.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.quire.platform.testing.Bearer;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Uploads through the gateway, waits for a document to settle, runs the real command-line tools that make files. */
final class Ingest {
    private Ingest() {}

    static String knowledgeBase(String token, String name) {
        return knowledgeBase(Bearer.as(token), name);
    }

    /** A new knowledge base named {@code name}, made with {@code request}; its id. */
    static String knowledgeBase(RequestSpecification request, String name) {
        return Platform.created(request, "/api/v1/knowledge-bases", Map.of("name", name));
    }

    /** The first 200 documents of a knowledge base, as its list answers them (200). */
    static List<Map<String, Object>> documents(String token, String kb) {
        return Bearer.get(token, "/api/v1/knowledge-bases/" + kb + "/documents?limit=200")
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    static Response upload(String token, String kb, String filename, byte[] bytes) {
        return Bearer.as(token).multiPart("file", filename, bytes).post("/api/v1/knowledge-bases/" + kb + "/documents");
    }

    /** Uploads one file that must be accepted; answers its document id. */
    static String accepted(String token, String kb, String filename, byte[] bytes) {
        var r = upload(token, kb, filename, bytes);
        if (r.statusCode() != 202) {
            throw new AssertionError(filename + ": upload answered " + r.statusCode() + " " + r.asString());
        }
        return r.jsonPath().getString("items[0].id");
    }

    /** Polls the document until INDEXED or FAILED; answers the last document JSON. */
    static JsonPath settled(String token, String id, Duration limit) {
        var last = new JsonPath[1];
        await().atMost(limit).pollInterval(Duration.ofMillis(500)).until(() -> {
            last[0] = Bearer.get(token, "/api/v1/documents/" + id)
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            String s = last[0].getString("status");
            return "INDEXED".equals(s) || "FAILED".equals(s);
        });
        return last[0];
    }

    /** Waits until the document is INDEXED, failing the test when it is not within {@code limit}. */
    static void awaitIndexed(String token, String id, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> Bearer.get(
                        token, "/api/v1/documents/" + id)
                .statusCode(200)
                .body("status", equalTo("INDEXED")));
    }

    static JsonPath keywordSearch(String token, String documentId, String query) {
        return Bearer.postJson(
                        token,
                        "/api/v1/search",
                        Map.of("query", query, "mode", "keyword", "documentIds", List.of(documentId), "topK", 5))
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Runs a command in {@code dir}, failing the test if it does not exit 0 within two minutes. */
    static void run(Path dir, String... command) throws IOException, InterruptedException {
        var cmd = new ArrayList<>(List.of(command));
        var pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString());
        Path log = dir.resolve("tool-" + System.nanoTime() + ".log");
        pb.redirectOutput(log.toFile());
        var p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " took longer than two minutes");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + Files.readString(log));
        }
    }

    static boolean installed(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }
}
