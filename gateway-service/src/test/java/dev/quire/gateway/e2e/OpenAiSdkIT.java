package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI SDK (npm {@code openai}, run with Node) against the running stack through the gateway, with
 * a Quire API key as its key: models, a non-streamed and a streamed completion with citations, and OpenAI's errors.
 */
class OpenAiSdkIT {
    private static final Path NODE_DIR = Path.of("src/test/node/openai-sdk");
    private static String apiKey;

    @BeforeAll
    static void setUp() throws Exception {
        Platform.useGateway();
        var tenant = Platform.tenant(Platform.adminToken(), "OpenAI SDK", "pro");
        String owner = tenant.ownerToken();
        String kb = Ingest.knowledgeBase(owner, "Travel policy");
        String text = "Travel policy.\n\nEmployees must book train tickets for trips under 500 kilometres. "
                + "Flights are only reimbursed for trips over 500 kilometres and need approval from a manager.\n";
        String doc = given().auth()
                .oauth2(owner)
                .multiPart("file", "travel-policy.txt", text.getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/v1/knowledge-bases/" + kb + "/documents")
                .then()
                .statusCode(202)
                .extract()
                .path("items[0].id");
        Ingest.awaitIndexed(owner, doc, Duration.ofMinutes(3));
        apiKey = Platform.apiKey(owner, Map.of("name", "openai-sdk", "scopes", List.of("read", "chat")))
                .extract()
                .path("secret");
        assertTrue(apiKey.startsWith("qk_"), "an API key secret");
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/openai"))) {
            assertEquals(0, run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 5), "npm ci");
        }
    }

    @Test
    void theOfficialSdkGetsCitedAnswersStreamedAndNot() throws Exception {
        int exit = run(
                List.of("node", "check.mjs"),
                Map.of(
                        "QUIRE_API_KEY",
                        apiKey,
                        "QUIRE_BASE_URL",
                        RestAssured.baseURI + "/v1",
                        "QUIRE_QUESTION",
                        "How must employees book trips under 500 kilometres?",
                        "QUIRE_EXPECT",
                        "train"),
                3);
        assertEquals(0, exit, "node check.mjs (its output is above)");
    }

    /** Runs a command in the node folder, its output going to this test's output; answers the exit code. */
    private static int run(List<String> command, Map<String, String> env, int minutes) throws Exception {
        var pb = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        File log = Files.createTempFile("openai-sdk", ".log").toFile();
        pb.redirectOutput(log);
        Process p = pb.start();
        boolean finished = p.waitFor(minutes, TimeUnit.MINUTES);
        System.out.println(Files.readString(log.toPath()));
        if (!finished) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
