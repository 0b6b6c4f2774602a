package dev.quire.gateway.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.quire.platform.testing.WsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test ({@code make bench BENCH=relay}): what the gateway adds to a streamed chat answer. A
 * zero-latency fake model streams the same 200-token answer; a chat-agent and a gateway started for the run
 * (sharing the stack's PostgreSQL, Kafka, Redis and tenant-service) serve it over WebSocket and SSE, directly and
 * through the gateway. Prints first-token latency (ms) and time per token after the first (µs), p50/p95, and the
 * difference through the gateway.
 */
class RelayBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOKENS = 200;
    private static final int WARMUP = 30;
    private static final int SAMPLES = 200;
    private static final int CHAT_PORT = 18284;
    private static final int GATEWAY_PORT = 18280;

    /** First-token latencies (ms) and per-token times (µs), sorted. */
    record Run(double[] firstMs, double[] perTokenUs) {
        double p(double[] a, int pct) {
            return a[Math.min(a.length - 1, a.length * pct / 100)];
        }
    }

    @Test
    void gatewayAddedPerTokenAndFirstTokenLatency() throws Exception {
        Platform.useGateway();
        HttpServer model = fakeModel();
        String admin = Platform.adminToken();
        var t = Platform.unlimitedTenant(admin, "Relay bench");
        String token = t.ownerToken();
        Process chat = ChatBench.startChatAgent(
                List.of("-Xmx384m"),
                CHAT_PORT,
                "http://127.0.0.1:" + model.getAddress().getPort() + "/v1",
                "target/relay-bench-" + CHAT_PORT + ".log");
        Process gateway = null;
        try {
            gateway = Gateways.start(GATEWAY_PORT, Map.of("QUIRE_CHAT_URL", "http://127.0.0.1:" + CHAT_PORT));
            String direct = "127.0.0.1:" + CHAT_PORT;
            String relayed = "127.0.0.1:" + GATEWAY_PORT;
            // a first round over every path warms both freshly started JVMs, so no path pays for the JIT alone
            ws(direct, token);
            ws(relayed, token);
            sse(direct, token);
            sse(relayed, token);
            Run wsDirect = ws(direct, token);
            Run wsGateway = ws(relayed, token);
            Run sseDirect = sse(direct, token);
            Run sseGateway = sse(relayed, token);
            print("WebSocket direct (chat-agent)", wsDirect);
            print("WebSocket through the gateway", wsGateway);
            print("SSE direct (chat-agent)", sseDirect);
            print("SSE through the gateway", sseGateway);
            added("WebSocket", wsDirect, wsGateway);
            added("SSE", sseDirect, sseGateway);
        } finally {
            Gateways.stop(gateway);
            chat.destroy();
            chat.waitFor(20, TimeUnit.SECONDS);
            model.stop(0);
        }
    }

    private static void print(String name, Run r) {
        System.out.printf(
                "[bench] relay %s: first token p50=%.2f ms p95=%.2f ms; per token p50=%.1f µs p95=%.1f µs (%d answers"
                        + " of %d tokens)%n",
                name,
                r.p(r.firstMs(), 50),
                r.p(r.firstMs(), 95),
                r.p(r.perTokenUs(), 50),
                r.p(r.perTokenUs(), 95),
                SAMPLES,
                TOKENS);
    }

    private static void added(String name, Run direct, Run gateway) {
        System.out.printf(
                "[bench] relay gateway added (%s): first token p50=%+.2f ms p95=%+.2f ms; per token p50=%+.1f µs"
                        + " p95=%+.1f µs%n",
                name,
                gateway.p(gateway.firstMs(), 50) - direct.p(direct.firstMs(), 50),
                gateway.p(gateway.firstMs(), 95) - direct.p(direct.firstMs(), 95),
                gateway.p(gateway.perTokenUs(), 50) - direct.p(direct.perTokenUs(), 50),
                gateway.p(gateway.perTokenUs(), 95) - direct.p(direct.perTokenUs(), 95));
    }

    /** Turns over one WebSocket; each a new conversation, so every answer costs the same. */
    private static Run ws(String hostPort, String token) throws Exception {
        var client = WsClient.connect(URI.create("ws://" + hostPort + "/ws/chat"), token);
        try {
            double[] first = new double[SAMPLES];
            double[] per = new double[SAMPLES];
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                long start = System.nanoTime();
                client.send("{\"type\":\"user_message\",\"id\":\"b-" + i + "\",\"content\":\"How fast is this?\"}");
                var answer = ChatBench.answer(client);
                record(i, start, answer.firstTokenAt(), answer.lastTokenAt(), answer.tokens(), first, per);
            }
            return sorted(first, per);
        } finally {
            client.close();
        }
    }

    /** The same turns as SSE posts to a fresh conversation each. */
    private static Run sse(String hostPort, String token) throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double[] first = new double[SAMPLES];
        double[] per = new double[SAMPLES];
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            var created = http.send(
                    HttpRequest.newBuilder(URI.create("http://" + hostPort + "/api/v1/conversations"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String id = JSON.readTree(created.body()).get("id").asText();
            var req = HttpRequest.newBuilder(
                            URI.create("http://" + hostPort + "/api/v1/conversations/" + id + "/messages"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"How fast is this?\"}"))
                    .build();
            long start = System.nanoTime();
            var resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            long firstAt = 0;
            long lastAt = 0;
            int tokens = 0;
            try (var in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("event: token")) {
                        lastAt = System.nanoTime();
                        firstAt = tokens++ == 0 ? lastAt : firstAt;
                    } else if (line.equals("event: error")) {
                        throw new IllegalStateException("benchmark turn failed");
                    } else if (line.equals("event: done")) {
                        break;
                    }
                }
            }
            record(i, start, firstAt, lastAt, tokens, first, per);
        }
        return sorted(first, per);
    }

    private static void record(int i, long start, long firstAt, long lastAt, int tokens, double[] first, double[] per) {
        if (tokens != TOKENS) {
            throw new IllegalStateException("expected " + TOKENS + " tokens, got " + tokens);
        }
        if (i >= WARMUP) {
            first[i - WARMUP] = (firstAt - start) / 1e6;
            per[i - WARMUP] = (lastAt - firstAt) / 1e3 / (tokens - 1);
        }
    }

    private static Run sorted(double[] first, double[] per) {
        Arrays.sort(first);
        Arrays.sort(per);
        return new Run(first, per);
    }

    /**
     * A model with no latency at all: every request is answered at once with {@value #TOKENS} one-word deltas (a
     * title request with one), over the real streaming protocol.
     */
    private static HttpServer fakeModel() throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean title = body.contains("Write a title");
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                int n = title ? 1 : TOKENS;
                for (int i = 0; i < n; i++) {
                    out.write(chunk("{\"content\":\" w" + (i % 10) + "\"}", null));
                    out.flush();
                }
                out.write(chunk("{}", "\"stop\""));
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });
        server.start();
        return server;
    }

    private static byte[] chunk(String delta, String finish) {
        return ("data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\","
                        + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
