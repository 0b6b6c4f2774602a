package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.testing.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Platform time before the first token: a user_message over /ws/chat to the first token frame, with a zero-latency
 * fake model (tool round + answer round) and a zero-latency fake retrieval, so what is measured is chat-agent
 * itself (auth, conversation and message writes, frames, two model round trips over HTTP, the search call).
 * Not a test: run it with
 * {@code ./mvnw -o -B test -pl chat-agent-service -Dtest=FirstTokenBenchmark -Dgroups=bench -DexcludedGroups=none}.
 */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
@WithTestResource(FakeLlm.class)
@Tag("bench")
class FirstTokenBenchmark extends MemberChat {
    private static final int WARMUP = 30;
    private static final int CHATS = Integer.getInteger("bench.chats", 300);

    @Test
    void firstTokenLatency() throws Exception {
        UUID kb = UUID.randomUUID();
        Fixtures.seed(
                retrieval,
                tenant,
                kb,
                "Trains must be booked for trips under 500 km.",
                "Flights need approval from a manager.");
        String token = member;
        URI ws = ws();
        long[] firstToken = new long[CHATS];
        long[] total = new long[CHATS];
        try (var client = WsClient.connect(ws, token)) {
            for (int i = -WARMUP; i < CHATS; i++) {
                long start = System.nanoTime();
                client.send("{\"type\":\"user_message\",\"id\":\"b" + i + "\",\"content\":\"How do I travel?\"}");
                long first = 0;
                while (true) {
                    JsonNode f = client.frames.poll(30, TimeUnit.SECONDS);
                    assertTrue(f != null, "frames keep coming");
                    String type = f.get("type").asText();
                    if (first == 0 && type.equals("token")) {
                        first = System.nanoTime();
                    }
                    if (type.equals("done") || type.equals("error")) {
                        assertEquals("done", type, f.toString());
                        break;
                    }
                }
                if (i >= 0) {
                    firstToken[i] = first - start;
                    total[i] = System.nanoTime() - start;
                }
            }
        }
        report("first token", firstToken);
        report("whole answer", total);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "[bench] chat-agent %s over %d chats (zero-latency fake model and retrieval): p50 %.1f ms, p95 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms%n",
                what,
                sorted.length,
                pct(sorted, 50),
                pct(sorted, 95),
                pct(sorted, 99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, idx)] / 1e6;
    }
}
