package dev.quire.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.testing.WsClient;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the chat benchmarks share: a chat-agent process on a fake model, and when an answer's tokens arrived. */
final class ChatBench {
    private ChatBench() {}

    /** When an answer's first and last token frames arrived ({@link System#nanoTime}; 0 with none), and how many. */
    record Answer(long firstTokenAt, long lastTokenAt, int tokens) {}

    /**
     * Reads the frames of the turn in flight up to its {@code done}, noting when each token arrived; fails on an
     * {@code error} frame or when no frame comes within 30 s.
     */
    static Answer answer(WsClient client) throws InterruptedException {
        long firstAt = 0;
        long lastAt = 0;
        int tokens = 0;
        while (true) {
            JsonNode f = client.frames.poll(30, TimeUnit.SECONDS);
            if (f == null) {
                throw new IllegalStateException("no frame within 30 s");
            }
            String type = f.path("type").asText();
            if (type.equals("token")) {
                lastAt = System.nanoTime();
                firstAt = tokens++ == 0 ? lastAt : firstAt;
            } else if (type.equals("error")) {
                throw new IllegalStateException("benchmark turn failed: " + f);
            } else if (type.equals("done")) {
                return new Answer(firstAt, lastAt, tokens);
            }
        }
    }

    /**
     * chat-agent started from its built jar as its own process with the JVM options {@code jvm} on {@code port} (its
     * management interface on {@link Stack#managementPort}), asking the model at {@code modelBaseUrl}, its output in
     * {@code log}; ready when its readiness check answers 200.
     */
    static Process startChatAgent(List<String> jvm, int port, String modelBaseUrl, String log) throws Exception {
        var cmd = new ArrayList<String>();
        cmd.add("java");
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(new File("../chat-agent-service/target/quarkus-app/quarkus-run.jar").getAbsolutePath());
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(log));
        pb.environment()
                .putAll(Map.of(
                        "QUIRE_CHAT_PORT",
                        Integer.toString(port),
                        "QUIRE_CHAT_MANAGEMENT_PORT",
                        Integer.toString(Stack.managementPort(port)),
                        "QUIRE_LLM_BASE_URL",
                        modelBaseUrl,
                        "QUIRE_LLM_MODEL",
                        "bench-zero-latency",
                        // the shared database may hold migrations of branches not in this build
                        "QUARKUS_FLYWAY_IGNORE_MIGRATION_PATTERNS",
                        "*:future"));
        return Stack.startHealthy(pb, port, "/q/health/ready", Duration.ofSeconds(90), "process", log);
    }
}
