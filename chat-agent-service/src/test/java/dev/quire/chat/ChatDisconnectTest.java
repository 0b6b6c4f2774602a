package dev.quire.chat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With slow answers: SSE frames arrive while the answer is generated, and leaving the stream stops generation. */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
@TestProfile(ChatDisconnectTest.SlowAnswers.class)
class ChatDisconnectTest extends MemberChat {
    /** Offline answers at 40 ms a word: a long answer takes seconds. */
    public static class SlowAnswers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quire.chat.offline-token-delay-ms", "40");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void closingTheEventStreamCancelsTheAnswer() throws Exception {
        String token = member;
        String sentence = "Employees travel by train " + "and book the cheapest fare for the trip ".repeat(40) + ".";
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), sentence);
        String conversation = Fixtures.conversation(token);

        var request = HttpRequest.newBuilder(base.resolve("/api/v1/conversations/" + conversation + "/messages"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"How do employees travel?\"}"))
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        boolean sawToken = false;
        try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                assertTrue(!line.equals("event: done"), "the whole answer arrived before the first token was read");
                if (line.equals("event: token")) {
                    sawToken = true;
                    break; // leave mid-answer
                }
            }
        }
        assertTrue(sawToken, "a token frame streamed before the answer finished");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(token)
                .get("/api/v1/conversations/" + conversation)
                .then()
                .statusCode(200)
                .body("messages.size()", org.hamcrest.Matchers.equalTo(2))
                .body("messages[1].finishReason", org.hamcrest.Matchers.equalTo("cancelled")));
    }
}
