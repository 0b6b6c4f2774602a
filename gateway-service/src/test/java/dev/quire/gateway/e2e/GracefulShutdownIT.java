package dev.quire.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as Kubernetes sends it on a rolling update: readiness goes down first, ingestion hands its claimed work
 * back and loses no document, and the gateway lets an open chat finish its answer and then closes the socket with
 * 1001 so the client reconnects elsewhere.
 */
class GracefulShutdownIT {
    private static final int INGESTION_PORT = 8093;
    private static final int GATEWAY_PORT = 8094;
    private static final int DOCS = 30;
    /** The pre-shutdown delay the chart sets, shortened: readiness is DOWN while the instance still serves. */
    private static final Map<String, String> DELAY = Map.of("QUIRE_SHUTDOWN_DELAY", "2s");

    private static Platform.Tenant tenant;

    @BeforeAll
    static void setUp() {
        Platform.useGateway();
        tenant = Platform.tenant(Platform.adminToken(), "Rolling update", "enterprise");
    }

    @Test
    void ingestionStoppedMidBatchHandsBackItsWorkAndLosesNoDocument() throws Exception {
        String kb = Ingest.knowledgeBase(tenant.ownerToken(), "Shutdown batch");
        Process second = Stack.ingestion(INGESTION_PORT, DELAY);
        String owner = "ingestion-" + second.pid() + "-%";
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < DOCS; i++) {
                ids.add(Ingest.accepted(
                        tenant.ownerToken(),
                        kb,
                        "note-" + i + ".txt",
                        ("Rolling update note " + i + ". " + UUID.randomUUID() + " ")
                                .repeat(400)
                                .getBytes(StandardCharsets.UTF_8)));
            }
            // the positive control: the instance about to be stopped really holds work
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !Stack.sql("select 1 from ingestion.ingest_work where state = 'leased'"
                                    + " and lease_owner like '" + owner + "'")
                            .isEmpty());
            second.destroy(); // SIGTERM
            assertTrue(readinessDrops(INGESTION_PORT, second), "readiness reports DOWN while the instance drains");
            assertTrue(second.waitFor(40, TimeUnit.SECONDS), "the instance stops within its grace period");
        } finally {
            Stack.stop(second);
        }
        // released at once, not left to expire: the stack's own instance can claim it straight away
        assertEquals(
                List.of(),
                Stack.sql("select document_id from ingestion.ingest_work where state = 'leased'"
                        + " and lease_owner like '" + owner + "'"));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertEquals(
                        DOCS,
                        Ingest.documents(tenant.ownerToken(), kb).stream()
                                .filter(d -> "INDEXED".equals(d.get("status")))
                                .count()));
        assertEquals(DOCS, ids.stream().distinct().count());
    }

    @Test
    void gatewayStoppedDuringAChatFinishesTheAnswerThenClosesWith1001() throws Exception {
        Process gateway = Gateways.start(GATEWAY_PORT, DELAY);
        // live is not ready: the relay is asked once its Redis and Kafka clients are up (a first question sent to a
        // live but unready instance was once left without a frame, under the load of a full make test)
        Stack.awaitReady(GATEWAY_PORT, gateway, Duration.ofSeconds(60));
        try (var client =
                WsClient.connect(URI.create("ws://127.0.0.1:" + GATEWAY_PORT + "/ws/chat"), tenant.ownerToken())) {
            client.send("{\"type\":\"user_message\",\"id\":\"before\",\"content\":\"What is a rolling update?\"}");
            List<JsonNode> first = client.untilEnd(Duration.ofSeconds(30));
            assertEquals("done", last(first), "the socket works before the shutdown: " + first);

            client.send("{\"type\":\"user_message\",\"id\":\"during\",\"content\":\"And what happens to my chat?\"}");
            // SIGTERM once the answer is on its way: its first frame shows the gateway holds the turn. (Sent at the
            // same instant, the signal can overtake the message: the socket, idle, closes 1001 before reading it, and
            // the client reports the turn as dropped and offers to send it again — the web app's ChatSocket.)
            JsonNode started = client.frames.poll(30, TimeUnit.SECONDS);
            assertNotNull(started, "the second answer starts");
            gateway.destroy();
            List<JsonNode> during = new ArrayList<>(List.of(started));
            if (!List.of("done", "error").contains(started.path("type").asText())) {
                during.addAll(client.untilEnd(Duration.ofSeconds(30)));
            }
            assertEquals("done", last(during), "the answer in flight is finished, not cut: " + during);
            await().atMost(Duration.ofSeconds(40)).until(() -> client.closeCode != -1);
            assertEquals(1001, client.closeCode, "going away: the client reconnects to another replica");
            assertTrue(gateway.waitFor(40, TimeUnit.SECONDS));
            // the closed socket no longer counts as a request in flight: the shutdown goes on once it is gone
            // instead of waiting out quarkus.shutdown.timeout (which every gateway that had a chat socket used to)
            String log = Files.readString(Gateways.log(GATEWAY_PORT));
            assertTrue(log.contains("draining 1 chat sockets"), "the shutdown began with the socket open");
            assertFalse(log.contains("Timed out waiting for graceful shutdown"), "the shutdown was not held up");
        } finally {
            Gateways.stop(gateway);
        }
    }

    private static String last(List<JsonNode> frames) {
        return frames.get(frames.size() - 1).path("type").asText();
    }

    /** Whether the instance's readiness answers non-200 at some point while the process is still alive. */
    private static boolean readinessDrops(int port, Process p) throws Exception {
        var http = HttpClient.newHttpClient();
        var ready = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + Stack.managementPort(port) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.isAlive() && System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 503) {
                    return true;
                }
            } catch (java.io.IOException gone) {
                // the management port already closed: the process is on its way out
            }
            Thread.sleep(50);
        }
        return false;
    }
}
