package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.testing.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Raw HTML quoted from a document reaches no output: not the token stream, the stored answer or {@code /v1}. */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
class HtmlInAnswersTest extends MemberChat {
    private static final String PLANTED = "Trains are booked for short trips"
            + " <img src=\"https://canary.example/pixel.png/d=secret\" alt=\"train\">"
            + " <iframe src=\"https://canary.example/frame\"></iframe>"
            + " <video src=https://canary.example/v></video>"
            + " <a href=\"javascript:alert(1)\">see the policy</a>";

    private static void assertNeutralised(String where, String text) {
        for (String bad : List.of("<img", "<iframe", "<video", "canary.example", "javascript:", "<a ")) {
            assertFalse(text.contains(bad), where + " still has " + bad + ": " + text);
        }
        assertTrue(text.contains("Trains are booked for short trips train"), where + ": " + text);
        assertTrue(text.contains("see the policy"), where + ": " + text);
    }

    @Test
    void rawHtmlFromADocumentIsNeutralisedInTheStreamTheStoredAnswerAndV1() throws Exception {
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), PLANTED + ".");
        List<JsonNode> frames;
        try (var client = WsClient.connect(ws(), member)) {
            client.send("{\"type\":\"user_message\",\"id\":\"h\",\"content\":\"Are trains booked for short trips?\"}");
            frames = client.untilEnd(Duration.ofSeconds(30));
        }
        assertEquals("done", frames.get(frames.size() - 1).get("type").asText(), frames.toString());
        String streamed = frames.stream()
                .filter(f -> f.get("type").asText().equals("token"))
                .map(f -> f.get("delta").asText())
                .collect(Collectors.joining());
        assertNeutralised("stream", streamed);

        String stored = storedAnswer(frames);
        assertNeutralised("stored answer", stored);

        String v1 = Fixtures.completion(
                        member,
                        "{\"model\":\"quire\",\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"Are trains booked for short trips?\"}]}")
                .then()
                .statusCode(200)
                .extract()
                .path("choices[0].message.content");
        assertNeutralised("/v1", v1);
    }
}
