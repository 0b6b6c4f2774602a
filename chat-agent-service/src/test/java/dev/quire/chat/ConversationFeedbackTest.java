package dev.quire.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageType;
import dev.langchain4j.data.message.UserMessage;
import dev.quire.chat.memory.MemoryId;
import dev.quire.chat.memory.PanacheChatMemoryStore;
import dev.quire.platform.testing.Tokens;
import dev.quire.platform.testing.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Conversations without a model (the offline answerer): feedback on answers, the heuristic title after the first
 * exchange, and the memory the model would read.
 */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
class ConversationFeedbackTest extends MemberChat {
    @Inject
    PanacheChatMemoryStore memory;

    /** Asks one question in a new conversation; returns the frames of the answer. */
    private List<JsonNode> ask(String content) throws Exception {
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), "Hotels are capped at 150 euros.");
        try (var client = WsClient.connect(ws(), member)) {
            client.send("{\"type\":\"user_message\",\"id\":\"q\",\"content\":"
                    + Fixtures.JSON.writeValueAsString(content) + "}");
            return client.untilEnd(Duration.ofSeconds(30));
        }
    }

    private static String rate(String rating, String comment) throws Exception {
        var body = Fixtures.JSON.createObjectNode().put("rating", rating);
        if (comment != null) {
            body.put("comment", comment);
        }
        return body.toString();
    }

    @Test
    void feedbackIsOnePerUserAndMessageAndShownWithTheMessages() throws Exception {
        var frames = ask("What is the hotel cap?");
        String conversation = frames.get(0).get("conversationId").asText();
        String answer = frames.get(frames.size() - 1).get("messageId").asText();
        Fixtures.feedback(member, answer, rate("up", null))
                .then()
                .statusCode(201)
                .body("rating", equalTo("up"))
                .body("messageId", equalTo(answer));
        Fixtures.feedback(member, answer, rate("down", "too vague"))
                .then()
                .statusCode(200)
                .body("rating", equalTo("down"));
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/" + conversation)
                .then()
                .statusCode(200)
                .body("messages[0].feedback", nullValue())
                .body("messages[1].id", equalTo(answer))
                .body("messages[1].feedback.rating", equalTo("down"))
                .body("messages[1].feedback.comment", equalTo("too vague"));
    }

    @Test
    void twoFirstRatingsAtOnceLeaveOneRatingAndNoError() throws Exception {
        var frames = ask("What is the hotel cap?");
        String conversation = frames.get(0).get("conversationId").asText();
        String answer = frames.get(frames.size() - 1).get("messageId").asText();
        var pool = Executors.newFixedThreadPool(2);
        try {
            var start = new CountDownLatch(1);
            Callable<Integer> up = () -> rateAt(start, answer, rate("up", null));
            Callable<Integer> down = () -> rateAt(start, answer, rate("down", null));
            var first = pool.submit(up);
            var second = pool.submit(down);
            start.countDown();
            // whichever wins, one rating is created and the other replaces it: never a conflict or a 5xx
            assertEquals(
                    List.of(200, 201),
                    Stream.of(first.get(), second.get()).sorted().toList());
        } finally {
            pool.shutdownNow();
        }
        String rating = thread(conversation).getString("messages[1].feedback.rating");
        assertTrue(List.of("up", "down").contains(rating), rating);
    }

    private int rateAt(CountDownLatch start, String message, String body) throws InterruptedException {
        start.await();
        return Fixtures.feedback(member, message, body).statusCode();
    }

    @Test
    void feedbackOnSomeoneElsesMessageIsNotFoundAndBadInputIsRefused() throws Exception {
        var frames = ask("What is the hotel cap?");
        String answer = frames.get(frames.size() - 1).get("messageId").asText();
        String question = given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/"
                        + frames.get(0).get("conversationId").asText())
                .then()
                .extract()
                .path("messages[0].id");
        for (String stranger :
                List.of(Tokens.of(tenant, UUID.randomUUID(), "owner"), Tokens.of(UUID.randomUUID(), user, "owner"))) {
            Fixtures.feedback(stranger, answer, rate("up", null))
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("not_found"));
        }
        Fixtures.feedback(member, answer, rate("meh", null))
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Fixtures.feedback(member, answer, rate("up", "x".repeat(2001))).then().statusCode(400);
        Fixtures.feedback(member, question, rate("up", null)).then().statusCode(400);
        Fixtures.feedback(Tokens.of(tenant, user, "viewer"), answer, rate("up", null))
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void untitledConversationIsTitledFromItsFirstQuestion() throws Exception {
        String conversation = Fixtures.conversation(member);
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/" + conversation)
                .then()
                .body("title", equalTo("New conversation"));
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), "Hotels are capped at 150 euros.");
        try (var client = WsClient.connect(ws(), member)) {
            client.send("{\"type\":\"user_message\",\"id\":\"t\",\"conversationId\":\"" + conversation
                    + "\",\"content\":\"Hi, what is the hotel cap for trips to Paris? I need it today.\"}");
            client.untilEnd(Duration.ofSeconds(30));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "What is the hotel cap for trips to Paris"
                .equals(given().auth()
                        .oauth2(member)
                        .get("/api/v1/conversations/" + conversation)
                        .path("title")));
    }

    @Test
    void memoryHoldsTheOwnersPersistedMessagesOldestFirst() throws Exception {
        var frames = ask("What is the hotel cap?");
        UUID conversation = UUID.fromString(frames.get(0).get("conversationId").asText());
        List<ChatMessage> messages = memory.getMessages(new MemoryId(tenant, user, conversation));
        assertEquals(2, messages.size());
        assertEquals(UserMessage.from("What is the hotel cap?"), messages.get(0));
        assertEquals(ChatMessageType.AI, messages.get(1).type());
        assertEquals(List.of(), memory.getMessages(new MemoryId(tenant, UUID.randomUUID(), conversation)));
        assertEquals(List.of(), memory.getMessages(new MemoryId(UUID.randomUUID(), user, conversation)));
    }

    @Test
    void aFollowUpIsSearchedWithTheSubjectOfTheEarlierQuestion() throws Exception {
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), "Hotels are capped at 150 euros.");
        String conversation = Fixtures.conversation(member);
        Fixtures.sendMessage(member, conversation, "{\"content\":\"What is the hotel cap in Paris?\"}")
                .then()
                .statusCode(200);
        Fixtures.sendMessage(member, conversation, "{\"content\":\"And for trains?\"}")
                .then()
                .statusCode(200);
        JsonNode searches = Fixtures.searches(retrieval, tenant);
        assertEquals(
                "What is the hotel cap in Paris?",
                searches.get(searches.size() - 2).get("query").asText(),
                "the first question is searched as asked");
        assertEquals(
                "And for trains? hotel cap paris",
                searches.get(searches.size() - 1).get("query").asText());
    }
}
