package dev.quire.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.testing.Tokens;
import dev.quire.platform.testing.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the web app's conversation tools rely on: regenerate and edit-and-resend replace the last exchange (in the
 * stored thread, not only on screen), search reads message content within the caller's own conversations, and pinned
 * conversations list first.
 */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
class ConversationEditingTest extends MemberChat {

    /** Sends one user_message (extra JSON fields in {@code extra}) and returns the frames up to done or error. */
    private List<JsonNode> send(String token, String content, String extra) throws Exception {
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), "Hotels are capped at 150 euros.");
        try (var client = WsClient.connect(ws(), token)) {
            client.send("{\"type\":\"user_message\",\"id\":\"q\",\"content\":"
                    + Fixtures.JSON.writeValueAsString(content) + extra + "}");
            return client.untilEnd(Duration.ofSeconds(30));
        }
    }

    private static JsonNode last(List<JsonNode> frames) {
        return frames.get(frames.size() - 1);
    }

    private static String in(String conversation, String replaces) {
        return ",\"conversationId\":\"" + conversation + "\",\"replaces\":\"" + replaces + "\"";
    }

    @Test
    void regenerateReplacesTheLastAnswerInTheStoredConversation() throws Exception {
        var first = send(member, "What is the hotel cap?", "");
        String conversation = first.get(0).get("conversationId").asText();
        String oldAnswer = last(first).get("messageId").asText();

        var again = send(member, "What is the hotel cap?", in(conversation, oldAnswer));

        assertEquals("done", last(again).get("type").asText());
        String newAnswer = last(again).get("messageId").asText();
        assertNotEquals(oldAnswer, newAnswer);
        var t = thread(conversation);
        assertEquals(List.of("user", "assistant"), t.getList("messages.role"));
        assertEquals("What is the hotel cap?", t.getString("messages[0].content"));
        assertEquals(newAnswer, t.getString("messages[1].id"));
    }

    @Test
    void editAndResendReplacesTheLastQuestionAndKeepsEarlierExchanges() throws Exception {
        var first = send(member, "What is the hotel cap?", "");
        String conversation = first.get(0).get("conversationId").asText();
        send(member, "And for Paris?", ",\"conversationId\":\"" + conversation + "\"");
        String secondQuestion = thread(conversation).getString("messages[2].id");

        var edited = send(member, "And for Berlin?", in(conversation, secondQuestion));

        assertEquals("done", last(edited).get("type").asText());
        var t = thread(conversation);
        assertEquals(List.of("user", "assistant", "user", "assistant"), t.getList("messages.role"));
        assertEquals("What is the hotel cap?", t.getString("messages[0].content"));
        assertEquals("And for Berlin?", t.getString("messages[2].content"));
        assertEquals(last(edited).get("messageId").asText(), t.getString("messages[3].id"));
    }

    @Test
    void onlyTheLastExchangeOfOnesOwnConversationCanBeReplaced() throws Exception {
        var first = send(member, "What is the hotel cap?", "");
        String conversation = first.get(0).get("conversationId").asText();
        String firstAnswer = last(first).get("messageId").asText();
        send(member, "And for Paris?", ",\"conversationId\":\"" + conversation + "\"");

        var earlier = send(member, "What is the hotel cap?", in(conversation, firstAnswer));
        assertEquals("error", last(earlier).get("type").asText());
        assertEquals("not_last_exchange", last(earlier).get("code").asText());

        String lastAnswer = thread(conversation).getString("messages[3].id");
        var foreign = send(Tokens.of(tenant, UUID.randomUUID(), "member"), "x", in(conversation, lastAnswer));
        assertEquals("not_found", last(foreign).get("code").asText());

        var noConversation = send(member, "x", ",\"replaces\":\"" + lastAnswer + "\"");
        assertEquals("validation_failed", last(noConversation).get("code").asText());
        // nothing was removed by the refused attempts
        assertEquals(4, thread(conversation).getList("messages").size());
    }

    @Test
    void searchFindsOwnConversationsByMessageContent() throws Exception {
        String hotel = send(member, "What is the hotel cap?", "")
                .get(0)
                .get("conversationId")
                .asText();
        String approvals = send(member, "Who approves travel requests?", "")
                .get(0)
                .get("conversationId")
                .asText();

        Fixtures.search(member, "APPROVES")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(approvals))
                .body("items[0].match", containsString("approves travel"));
        // the answer's text is searched too (only the hotel question's answer quotes the cap: the approvals question
        // is answered "not found"), and the wildcard characters of LIKE are literal
        Fixtures.search(member, "150 euros")
                .then()
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(hotel))
                // the snippet starts just before the match: a one-line list that cuts its end still shows it
                .body("items[0].match", org.hamcrest.Matchers.matchesPattern("^(…)?.{0,21}150 euros.*"));
        Fixtures.search(member, "%").then().body("items", hasSize(0));
        // a title match without a content match has no snippet
        Fixtures.changeConversation(member, hotel, "{\"title\":\"Expense zebra\"}")
                .then()
                .statusCode(200);
        Fixtures.search(member, "zebra")
                .then()
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(hotel))
                .body("items[0].match", nullValue());
        // another user of the tenant, and the same user id in another tenant, find nothing
        for (String stranger :
                List.of(Tokens.of(tenant, UUID.randomUUID(), "member"), Tokens.of(UUID.randomUUID(), user, "member"))) {
            Fixtures.search(stranger, "hotel").then().statusCode(200).body("items", hasSize(0));
        }
        Fixtures.search(member, "x".repeat(201)).then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void pinnedConversationsListFirstAndPinningIsNotActivity() throws Exception {
        String older = Fixtures.conversation(member);
        String newer = Fixtures.conversation(member);
        String updatedAt = given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/" + older)
                .then()
                .extract()
                .path("createdAt");
        List<String> before =
                given().auth().oauth2(member).get("/api/v1/conversations").path("items.id");
        assertEquals(List.of(newer, older), before);

        Fixtures.changeConversation(member, older, "{\"pinned\":true}")
                .then()
                .statusCode(200)
                .body("pinned", equalTo(true))
                .body("updatedAt", equalTo(updatedAt));

        var list = given().auth().oauth2(member).get("/api/v1/conversations").jsonPath();
        assertEquals(List.of(older, newer), list.getList("items.id"));
        assertEquals(List.of(true, false), list.getList("items.pinned"));

        Fixtures.changeConversation(Tokens.of(tenant, UUID.randomUUID(), "member"), older, "{\"pinned\":false}")
                .then()
                .statusCode(404);
        Fixtures.changeConversation(member, older, "{\"pinned\":false}").then().body("pinned", equalTo(false));
        assertEquals(
                List.of(newer, older),
                given().auth().oauth2(member).get("/api/v1/conversations").path("items.id"));
    }
}
