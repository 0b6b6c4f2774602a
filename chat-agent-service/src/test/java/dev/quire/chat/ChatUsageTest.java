package dev.quire.chat;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import dev.quire.platform.testing.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token reservations cap answers, every answer publishes usage.recorded, and SSE streams the WebSocket's frames. */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
class ChatUsageTest extends MemberChat {
    /** One sentence of about 1000 characters: its prompt alone is about 380 estimated tokens. */
    private static final String LONG_SENTENCE =
            "Employees travel by train " + "and book the cheapest fare available for the journey ".repeat(18) + ".";

    @BeforeEach
    void seed() throws Exception {
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), LONG_SENTENCE);
    }

    @Test
    void aReservationCapsTheAnswerAndItsUsageIsPublishedWithTheReservationId() throws Exception {
        String reservation = "res-" + UUID.randomUUID();
        int reserved = 450;
        try (var consumer = Fixtures.consumer(TestKafka.topic("usage.recorded"));
                var client = WsClient.connect(ws(), member)) {
            client.send("{\"type\":\"user_message\",\"id\":\"r\",\"content\":\"How do employees travel?\","
                    + "\"reservationId\":\"" + reservation + "\",\"reservedTokens\":" + reserved + "}");
            List<JsonNode> frames = client.untilEnd(Duration.ofSeconds(30));
            JsonNode done = frames.get(frames.size() - 1);
            assertEquals("done", done.get("type").asText(), frames.toString());
            assertEquals("length", done.get("finishReason").asText());
            int prompt = done.get("usage").get("promptTokens").asInt();
            int completion = done.get("usage").get("completionTokens").asInt();
            assertTrue(prompt > 0 && completion > 0, done.toString());
            assertTrue(prompt + completion <= reserved, prompt + " + " + completion + " > " + reserved);

            var record = Fixtures.await(
                    consumer, n -> reservation.equals(n.path("reservationId").asText()));
            JsonNode usage = Fixtures.JSON.readTree(record.value());
            assertEquals(tenant.toString(), record.key());
            assertEquals(tenant.toString(), usage.get("tenantId").asText());
            assertEquals(user.toString(), usage.get("userId").asText());
            assertEquals(
                    frames.get(0).get("conversationId").asText(),
                    usage.get("conversationId").asText());
            assertEquals(prompt, usage.get("promptTokens").asInt());
            assertEquals(completion, usage.get("completionTokens").asInt());
            assertEquals("offline-extractive", usage.get("model").asText());
        }
    }

    @Test
    void reservationHeadersCapARestAnswerAndAReservationBelowThePromptSpendsNothing() {
        String conversation = Fixtures.conversation(member);
        var capped = Fixtures.withJson(member, "{\"content\":\"How do employees travel?\"}")
                .header("X-Quire-Reservation-Id", "res-http")
                .header("X-Quire-Reservation-Tokens", "420")
                .post("/api/v1/conversations/" + conversation + "/messages")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("finishReason", equalTo("length"))
                .body("role", equalTo("assistant"))
                .extract()
                .jsonPath();
        int spent = capped.getInt("usage.promptTokens") + capped.getInt("usage.completionTokens");
        assertTrue(spent <= 420 && capped.getInt("usage.completionTokens") > 0, "spent " + spent);

        Fixtures.withJson(member, "{\"content\":\"How do employees travel?\"}")
                .header("X-Quire-Reservation-Tokens", "100")
                .post("/api/v1/conversations/" + conversation + "/messages")
                .then()
                .statusCode(200)
                .body("finishReason", equalTo("length"))
                .body("content", equalTo(""))
                .body("usage.promptTokens", equalTo(0))
                .body("usage.completionTokens", equalTo(0));

        var thread = thread(conversation);
        assertEquals(4, thread.getInt("messages.size()"));
        assertEquals("assistant", thread.getString("messages[1].role"));
    }

    @Test
    void maxTokensCapsAnAnswerWithoutReservation() {
        String conversation = Fixtures.conversation(member);
        Fixtures.sendMessage(member, conversation, "{\"content\":\"How do employees travel?\",\"maxTokens\":5}")
                .then()
                .statusCode(200)
                .body("finishReason", equalTo("length"))
                .body("usage.completionTokens", org.hamcrest.Matchers.lessThanOrEqualTo(5));
    }

    @Test
    void sseStreamsTheWebSocketFramesInOrderWithGapFreeSeq() throws Exception {
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), "Trains must be booked for trips under 500 km.");
        String conversation = Fixtures.conversation(member);
        try (var consumer = Fixtures.consumer(TestKafka.topic("usage.recorded"))) {
            var sse = Fixtures.withJson(member, "{\"content\":\"Must trains be booked for short trips?\"}")
                    .accept("text/event-stream")
                    .post("/api/v1/conversations/" + conversation + "/messages");
            List<JsonNode> frames = new ArrayList<>();
            for (String event : Fixtures.events(sse)) {
                String name = null;
                String id = null;
                JsonNode data = null;
                for (String line : event.split("\n")) {
                    if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("data: ")) {
                        data = Fixtures.JSON.readTree(line.substring(6));
                    }
                }
                assertEquals(data.get("type").asText(), name, event);
                assertEquals(String.valueOf(frames.size()), id);
                assertEquals(frames.size(), data.get("seq").asInt());
                frames.add(data);
            }
            assertEquals("conversation", frames.get(0).get("type").asText());
            assertEquals(conversation, frames.get(0).get("conversationId").asText());
            var types = frames.stream().map(f -> f.get("type").asText()).toList();
            assertEquals(1, types.stream().filter("citations"::equals).count());
            assertTrue(types.contains("token") && types.contains("tool_call"), types.toString());
            JsonNode done = frames.get(frames.size() - 1);
            assertEquals("done", done.get("type").asText());
            assertEquals("stop", done.get("finishReason").asText());
            assertEquals(1, frames.get(types.indexOf("citations")).get("items").size());

            String messageId = done.get("messageId").asText();
            var record = Fixtures.await(
                    consumer, n -> conversation.equals(n.path("conversationId").asText()));
            JsonNode usage = Fixtures.JSON.readTree(record.value());
            assertTrue(usage.get("reservationId").isNull(), "no reservation was given");
            assertEquals(
                    done.get("usage").get("completionTokens").asInt(),
                    usage.get("completionTokens").asInt());
            var thread = thread(conversation);
            assertEquals(messageId, thread.getString("messages[1].id"));
            assertEquals(1, thread.getInt("messages[1].citations[0].n"));
        }
    }

    @Test
    void aFailedSearchAnsweredAsJsonIsABadGatewayProblem() {
        String other = Tokens.of(UUID.randomUUID(), user, "member"); // its tenant is not seeded: search fails
        String conversation = Fixtures.conversation(other);
        Fixtures.sendMessage(other, conversation, "{\"content\":\"anything\"}")
                .then()
                .statusCode(502)
                .body("code", equalTo("upstream_unavailable"));
    }
}
