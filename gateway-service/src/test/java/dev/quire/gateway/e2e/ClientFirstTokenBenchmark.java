package dev.quire.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test ({@code make bench BENCH=first-token}): the first token as a client sees it. A WebSocket
 * client sends {@code user_message} through a gateway to a chat-agent, both started for the run with the JVM options
 * {@code scripts/services.sh} gives the stack's, over the stack's tenant-service, retrieval, PostgreSQL, Kafka and
 * Redis; the model is a zero-latency OpenAI-compatible fake in this JVM that asks for the search tool once, then
 * answers. 100 chats with unique questions after a warm-up of 180 ({@code -Dquire.bench.warmup=N}: the services'
 * JIT, C2 in the stack's retrieval and gateway, is still compiling after 30), each in a new conversation. Prints p50/p95 of the time
 * from sending to the first {@code token} frame, and where it goes: until the model's first request (gateway, turn
 * set-up), between its two requests (tool call parsed, search through retrieval), and from the second request to
 * the client's first token (stream start, relay). The fake runs in this JVM, so all instants share one clock.
 */
class ClientFirstTokenBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARMUP = Integer.getInteger("quire.bench.warmup", 180);
    private static final int SAMPLES = 100;
    private static final int TOKENS = 20;
    private static final int CHAT_PORT = 18384;
    private static final int GATEWAY_PORT = 18380;

    /** The model's two request instants of the turn in flight (one turn at a time). */
    private static volatile long toolRequestAt;

    private static volatile long answerRequestAt;

    @Test
    void firstTokenAsTheClientSeesIt() throws Exception {
        Platform.useGateway();
        Vertx vertx = Vertx.vertx();
        HttpServer model = fakeModel(vertx);
        String admin = Platform.adminToken();
        var t = Platform.unlimitedTenant(admin, "First token bench");
        String token = t.ownerToken();
        String kb = Ingest.knowledgeBase(token, "Station logs");
        for (int i = 0; i < 5; i++) {
            String id = Ingest.accepted(
                    token,
                    kb,
                    "station-" + i + ".txt",
                    IngestionFaultIT.text("ft", i).getBytes());
            Ingest.settled(token, id, Duration.ofMinutes(3));
        }
        // the stack's chat-agent JVM options (scripts/services.sh: 384m, serial GC, C1 only);
        // -Dquire.bench.chat-jvm=... to try others
        Process chat = ChatBench.startChatAgent(
                List.of(System.getProperty("quire.bench.chat-jvm", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
                        .split(" ")),
                CHAT_PORT,
                "http://127.0.0.1:" + model.actualPort() + "/v1",
                "target/first-token-bench-" + CHAT_PORT + ".log");
        Process gateway = null;
        try {
            gateway = Gateways.start(GATEWAY_PORT, Map.of("QUIRE_CHAT_URL", "http://127.0.0.1:" + CHAT_PORT));
            var client = WsClient.connect(URI.create("ws://127.0.0.1:" + GATEWAY_PORT + "/ws/chat"), token);
            double[] first = new double[SAMPLES];
            double[] setUp = new double[SAMPLES];
            double[] tool = new double[SAMPLES];
            double[] stream = new double[SAMPLES];
            try {
                for (int i = 0; i < WARMUP + SAMPLES; i++) {
                    String question = question(i);
                    toolRequestAt = 0;
                    answerRequestAt = 0;
                    long start = System.nanoTime();
                    client.send(JSON.writeValueAsString(Map.of(
                            "type",
                            "user_message",
                            "id",
                            "ft-" + i,
                            "content",
                            question,
                            "knowledgeBaseIds",
                            List.of(kb))));
                    long firstAt = ChatBench.answer(client).firstTokenAt();
                    if (toolRequestAt == 0 || answerRequestAt == 0) {
                        throw new IllegalStateException("the turn did not call the search tool once: " + question);
                    }
                    if (i >= WARMUP) {
                        int k = i - WARMUP;
                        first[k] = (firstAt - start) / 1e6;
                        setUp[k] = (toolRequestAt - start) / 1e6;
                        tool[k] = (answerRequestAt - toolRequestAt) / 1e6;
                        stream[k] = (firstAt - answerRequestAt) / 1e6;
                    }
                }
            } finally {
                client.close();
            }
            print("first token through the gateway (send -> first token frame)", first);
            print("  1. send -> the model's first request (gateway, auth, turn set-up)", setUp);
            print("  2. first -> second model request (tool call parsed, search via retrieval)", tool);
            print("  3. second model request -> first token frame (stream start, relay)", stream);
        } finally {
            Gateways.stop(gateway);
            chat.destroy();
            chat.waitFor(20, TimeUnit.SECONDS);
            model.close();
            vertx.close();
        }
    }

    private static final String[] PARTS = {
        "valve",
        "pump",
        "boiler",
        "antenna",
        "battery",
        "compressor",
        "generator",
        "turbine",
        "sensor",
        "filter",
        "radiator",
        "gearbox",
        "winch",
        "beacon",
        "heater",
        "cable",
        "door",
        "roof",
        "engine",
        "radio",
        "solar panel",
        "water tank",
        "fuel line"
    };
    private static final String[] EVENTS = {
        "a storm",
        "the night shift",
        "the inspection",
        "the power cut",
        "the frost",
        "a flood",
        "the audit",
        "the relocation",
        "an earthquake",
        "the heat wave",
        "the maintenance window",
        "a fire drill",
        "the eclipse"
    };

    /**
     * The i-th question: no two of the first 299 share their part and event, so none is close enough to an earlier one
     * for the semantic answer cache (a hit would skip the model, and the benchmark stops on it).
     */
    static String question(int i) {
        return "What did station " + (i % 5) + " log about its " + PARTS[i % PARTS.length] + " during "
                + EVENTS[(i / PARTS.length) % EVENTS.length] + "?";
    }

    private static void print(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(
                "[bench] %s: p50=%.1f ms p95=%.1f ms (n=%d)%n",
                what, s[s.length / 2], s[Math.min(s.length - 1, s.length * 95 / 100)], s.length);
    }

    /**
     * A model with no latency: a request without a tool result asks for {@code search_knowledge_base} with the
     * user's question; one with a tool result streams a short answer citing [1]; a title request gets one token. It
     * runs on Vert.x's event loop, like the services: the JDK's {@code HttpServer} it replaced added about 2 ms per
     * request (a dispatcher thread handing each exchange to a pool thread) and now and then closed a kept-alive
     * connection as the next request went out on it.
     */
    private static HttpServer fakeModel(Vertx vertx) throws Exception {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true));
        server.requestHandler(req -> {
            long at = System.nanoTime();
            req.body().onSuccess(buf -> {
                try {
                    respond(req.response(), JSON.readTree(buf.getBytes()), at);
                } catch (java.io.IOException e) {
                    req.response().setStatusCode(400).end();
                }
            });
        });
        return server.listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private static void respond(HttpServerResponse out, JsonNode body, long at) throws java.io.IOException {
        out.setChunked(true).putHeader("Content-Type", "text/event-stream");
        JsonNode messages = body.path("messages");
        boolean title = messages.toString().contains("Write a title");
        boolean answered = false;
        String question = "";
        for (JsonNode m : messages) {
            answered |= m.path("role").asText().equals("tool");
            if (m.path("role").asText().equals("user")) {
                question = m.path("content").asText();
            }
        }
        if (title) {
            out.write(chunk(Map.of("content", "Title"), null));
            out.write(chunk(Map.of(), "stop"));
        } else if (!answered && body.has("tools")) {
            toolRequestAt = at;
            out.write(chunk(
                    Map.of(
                            "tool_calls",
                            List.of(Map.of(
                                    "index",
                                    0,
                                    "id",
                                    "call_0",
                                    "type",
                                    "function",
                                    "function",
                                    Map.of(
                                            "name",
                                            "search_knowledge_base",
                                            "arguments",
                                            JSON.writeValueAsString(Map.of("query", question)))))),
                    null));
            out.write(chunk(Map.of(), "tool_calls"));
        } else {
            answerRequestAt = at;
            for (int i = 0; i < TOKENS; i++) {
                out.write(chunk(Map.of("content", i == TOKENS - 1 ? " [1]." : " w" + i), null));
            }
            out.write(chunk(Map.of(), "stop"));
        }
        out.end(Buffer.buffer("data: [DONE]\n\n"));
    }

    private static Buffer chunk(Map<String, Object> delta, String finish) throws java.io.IOException {
        var choice = new java.util.LinkedHashMap<String, Object>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finish);
        String json = JSON.writeValueAsString(Map.of(
                "id",
                "b",
                "object",
                "chat.completion.chunk",
                "created",
                1,
                "model",
                "bench",
                "choices",
                List.of(choice)));
        return Buffer.buffer("data: " + json + "\n\n");
    }
}
