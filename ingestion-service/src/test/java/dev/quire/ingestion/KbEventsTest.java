package dev.quire.ingestion;

import static dev.quire.ingestion.KnowledgeApiTest.createKb;
import static dev.quire.ingestion.KnowledgeApiTest.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.ingestion.knowledgebase.KbEventHub;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A knowledge base's event stream carries its documents' status changes and resumes after Last-Event-ID. */
@QuarkusTest
class KbEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    KbEventHub hub;

    private final UUID tenantA = UUID.randomUUID();
    private final String adminA = Tokens.of(tenantA, "admin");
    private final String viewerA = Tokens.of(tenantA, "viewer");

    /** One SSE event: its name, id and JSON data. */
    record Event(String name, String id, JsonNode data) {}

    /** Reads SSE events from a background thread into a queue. */
    private BlockingQueue<Event> open(String kb, String lastEventId) throws Exception {
        var b = HttpRequest.newBuilder(base.resolve("/api/v1/knowledge-bases/" + kb + "/events"))
                .header("Authorization", "Bearer " + viewerA)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        var response = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        BlockingQueue<Event> queue = new ArrayBlockingQueue<>(100);
        Thread t = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = null;
                String id = null;
                StringBuilder data = new StringBuilder();
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            queue.add(new Event(name, id, JSON.readTree(data.toString())));
                        }
                        name = null;
                        id = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (Exception e) {
                // stream closed
            }
        });
        t.setDaemon(true);
        t.start();
        return queue;
    }

    private static List<Event> take(BlockingQueue<Event> q, String docId, int n) throws Exception {
        var out = new ArrayList<Event>();
        Instant end = Instant.now().plusSeconds(90);
        while (out.size() < n && Instant.now().isBefore(end)) {
            Event e = q.poll(1, TimeUnit.SECONDS);
            if (e != null
                    && (docId == null
                            || docId.equals(e.data().path("documentId").asText()))) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void statusChangesStreamAsEventsAndLastEventIdResumes() throws Exception {
        String kb = createKb(adminA);
        var stream = open(kb, null);
        Thread.sleep(8000); // the replica's own consumer group gets its partitions on the real broker
        String doc = upload(adminA, kb, "e.md", "# Events\n\nStatus " + UUID.randomUUID() + " moves.\n", null);
        List<Event> first = take(stream, doc, 2);
        assertEquals(2, first.size(), "PARSING and EMBEDDING at least");
        Event e = first.get(0);
        assertEquals("document.status", e.name());
        assertEquals("document.status", e.data().get("type").asText());
        assertEquals(kb, e.data().get("knowledgeBaseId").asText());
        assertEquals("PARSING", e.data().get("status").asText());
        assertTrue(Long.parseLong(first.get(1).id()) > Long.parseLong(e.id()));
        // a new connection after the first event gets the second again, and a stale id gets a reset
        var resumed = take(open(kb, e.id()), doc, 1);
        assertEquals(first.get(1).id(), resumed.get(0).id());
        var reset = open(kb, "17").poll(10, TimeUnit.SECONDS);
        assertEquals("reset", reset.name());
    }

    @Test
    void aShuttingDownReplicaEndsItsOpenStreams() throws Exception {
        String kb = createKb(adminA);
        var request = HttpRequest.newBuilder(base.resolve("/api/v1/knowledge-bases/" + kb + "/events"))
                .header("Authorization", "Bearer " + viewerA)
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", "17")
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // positive control: the stream is open and delivering (an unknown id starts it with a reset)
            var first = new ArrayList<String>();
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                first.add(line.replace(" ", "")); // the first event's fields, up to the blank line that ends it
            }
            assertTrue(first.contains("event:reset"), "the stream opened with a reset: " + first);
            var ended = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    while (in.readLine() != null) {
                        // the reset's id and data, then nothing until the end
                    }
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            hub.endOpenStreams(); // the shutdown's first step
            assertTrue(ended.get(10, TimeUnit.SECONDS), "the stream ended cleanly instead of holding the shutdown up");
        }
    }

    @Test
    void tokensInTheQueryStringAreRefused() {
        String kb = createKb(adminA);
        given().auth()
                .oauth2(viewerA)
                .get("/api/v1/knowledge-bases/" + kb + "/events?access_token=" + viewerA)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        given().get("/api/v1/knowledge-bases/" + kb + "/events?access_token=" + viewerA)
                .then()
                .statusCode(401);
    }
}
