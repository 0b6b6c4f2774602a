package dev.quire.chat;

import static io.restassured.RestAssured.given;
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
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Conversations with a (fake) model: the model-written title and an answer that dies mid-stream. */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
@WithTestResource(FakeLlm.class)
class ConversationModelTest extends MemberChat {
    private List<JsonNode> ask(String conversationId, String content) throws Exception {
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), "Hotels are capped at 150 euros.");
        try (var client = WsClient.connect(ws(), member)) {
            client.send("{\"type\":\"user_message\",\"id\":\"m\","
                    + (conversationId == null ? "" : "\"conversationId\":\"" + conversationId + "\",")
                    + "\"content\":" + Fixtures.JSON.writeValueAsString(content) + "}");
            return client.untilEnd(Duration.ofSeconds(30));
        }
    }

    /** Asserts that the last of the frames is an error frame with this code. */
    private static void assertEndsWithError(List<JsonNode> frames, String code) {
        var last = frames.get(frames.size() - 1);
        assertEquals("error", last.get("type").asText(), frames.toString());
        assertEquals(code, last.get("code").asText());
    }

    private String title(String conversation) {
        return given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/" + conversation)
                .path("title");
    }

    @Test
    void firstExchangeGetsTheModelsTitleOnceWithItsUsageRecorded() throws Exception {
        try (var consumer = Fixtures.consumer(TestKafka.topic("usage.recorded"))) {
            var frames = ask(null, "Hello, what is the hotel cap?");
            String conversation = frames.get(0).get("conversationId").asText();
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> FakeLlm.TITLE.equals(title(conversation)));
            // the answer and the title call each record what they spent
            var both = Fixtures.awaitAll(
                    consumer, n -> conversation.equals(n.path("conversationId").asText()), 2);
            for (var r : both) {
                assertTrue(
                        Fixtures.JSON
                                        .readTree(r.value())
                                        .get("completionTokens")
                                        .asInt()
                                > 0,
                        r.value());
            }
            int titleCalls = FakeLlm.TITLE_REQUESTS.size();
            ask(conversation, "And for trains?");
            Thread.sleep(1000);
            assertEquals(titleCalls, FakeLlm.TITLE_REQUESTS.size(), "a conversation is titled once");
            assertEquals(FakeLlm.TITLE, title(conversation));
        }
    }

    @Test
    void titleTheUserSetIsNeverReplaced() throws Exception {
        String conversation = Fixtures.createConversation(member, "{\"title\":\"My trip notes\"}")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        int titleCalls = FakeLlm.TITLE_REQUESTS.size();
        ask(conversation, "What is the hotel cap?");
        Thread.sleep(1000);
        assertEquals("My trip notes", title(conversation));
        assertEquals(titleCalls, FakeLlm.TITLE_REQUESTS.size(), "no model call for a titled conversation");
    }

    @Test
    void modelFailingMidAnswerKeepsThePartialAnswerAndRecordsItsUsage() throws Exception {
        try (var consumer = Fixtures.consumer(TestKafka.topic("usage.recorded"))) {
            var frames = ask(null, "What is the hotel cap? [fail]");
            assertEndsWithError(frames, "upstream_unavailable");
            String streamed = frames.stream()
                    .filter(f -> f.get("type").asText().equals("token"))
                    .map(f -> f.get("delta").asText())
                    .collect(Collectors.joining());
            assertEquals("Partial answer before the failure", streamed);
            String conversation = frames.get(0).get("conversationId").asText();
            var usage = Fixtures.JSON.readTree(Fixtures.await(
                            consumer,
                            n -> conversation.equals(n.path("conversationId").asText()))
                    .value());
            assertTrue(usage.get("promptTokens").asInt() > 0, usage.toString());
            assertTrue(usage.get("completionTokens").asInt() > 0, usage.toString());
            given().auth()
                    .oauth2(member)
                    .get("/api/v1/conversations/" + conversation)
                    .then()
                    .body("messages[1].role", equalTo("assistant"))
                    .body("messages[1].content", equalTo("Partial answer before the failure"))
                    .body("messages[1].finishReason", equalTo("error"));
        }
    }

    @Test
    void aModelConnectionClosedBeforeAnyAnswerIsSentOnceMoreAndTheTurnAnswers() throws Exception {
        int drops = FakeLlm.DROPS.get();
        var frames = ask(null, "What is the hotel cap? [drop-once]");
        assertEquals("done", frames.get(frames.size() - 1).get("type").asText(), frames.toString());
        assertEquals(1, FakeLlm.DROPS.get() - drops, "the first request was dropped, once");
        assertTrue(
                frames.stream().anyMatch(f -> f.get("type").asText().equals("token")),
                "the answer streamed: " + frames);
    }

    @Test
    void aModelWhoseConnectionAlwaysClosesFailsTheTurnAfterOneResend() throws Exception {
        int drops = FakeLlm.DROPS.get();
        var frames = ask(null, "What is the hotel cap? [drop-always]");
        assertEndsWithError(frames, "upstream_unavailable");
        assertEquals(2, FakeLlm.DROPS.get() - drops, "sent twice, then given up");
    }

    @Test
    void anotherTenantsKnowledgeBaseIsNotFoundWhenAConversationIsCreatedOrChanged() {
        UUID own = UUID.randomUUID();
        UUID otherTenant = UUID.randomUUID();
        UUID foreign = UUID.randomUUID();
        String ingestion = FakeLlm.base;
        Fixtures.knowledgeBases(ingestion, tenant, List.of(java.util.Map.of("id", own.toString(), "name", "Mine")));
        Fixtures.knowledgeBases(
                ingestion, otherTenant, List.of(java.util.Map.of("id", foreign.toString(), "name", "Theirs")));
        // a member of this tenant names the other tenant's knowledge base (their token would find it)
        Fixtures.createConversation(member, "{\"knowledgeBaseIds\":[\"" + foreign + "\"]}")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"));
        String conversation = Fixtures.createConversation(member, "{\"knowledgeBaseIds\":[\"" + own + "\"]}")
                .then()
                .statusCode(201)
                .body("knowledgeBaseIds", equalTo(List.of(own.toString())))
                .extract()
                .path("id");
        Fixtures.changeConversation(
                        member, conversation, "{\"knowledgeBaseIds\":[\"" + own + "\",\"" + foreign + "\"]}")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/" + conversation)
                .then()
                .statusCode(200)
                .body("knowledgeBaseIds", equalTo(List.of(own.toString())));
        // a chat key without the read scope may still keep its own tenant's knowledge base (ingestion says 403)
        String chatKey = Tokens.userKey(tenant, user, "member", List.of("chat"), null);
        Fixtures.createConversation(chatKey, "{\"knowledgeBaseIds\":[\"" + foreign + "\"]}")
                .then()
                .statusCode(404);
        Fixtures.createConversation(chatKey, "{\"knowledgeBaseIds\":[\"" + own + "\"]}")
                .then()
                .statusCode(201);
    }
}
