package dev.quire.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;

/** Who may chat, read and change conversations: roles, API-key scopes, kb_ids and conversation ownership. */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
class ChatRightsTest extends MemberChat {
    private static String message(String body) {
        return "{\"type\":\"user_message\",\"id\":\"m\"," + body + "}";
    }

    @Test
    void viewerCanReadButNotChatOverWebSocketOrRest() throws Exception {
        String own = Fixtures.conversation(member); // created while the user was a member
        String viewer = Tokens.of(tenant, user, "viewer");
        try (var client = WsClient.connect(ws(), viewer)) {
            client.send(message("\"content\":\"hello\""));
            List<JsonNode> frames = client.untilEnd(Duration.ofSeconds(10));
            assertEquals(1, frames.size());
            assertEquals("forbidden", frames.get(0).get("code").asText());
            assertEquals(0, frames.get(0).get("seq").asInt());
        }
        Fixtures.sendMessage(viewer, own, "{\"content\":\"hello\"}")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"));
        Fixtures.createConversation(viewer, "{}").then().statusCode(403);
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/conversations/" + own)
                .then()
                .statusCode(200)
                .body("id", equalTo(own));
        given().auth()
                .oauth2(viewer)
                .delete("/api/v1/conversations/" + own)
                .then()
                .statusCode(403);
    }

    @Test
    void apiKeyWithoutChatScopeIsForbiddenAndWithoutReadCannotList() throws Exception {
        UUID keyId = UUID.randomUUID(); // a key keeps conversations of its own: one made with it, then its scopes cut
        String own = Fixtures.conversation(
                Tokens.key(tenant, user, keyId, "member", List.of("read", "search", "chat"), null));
        String noChat = Tokens.key(tenant, user, keyId, "member", List.of("read", "search"), null);
        Fixtures.sendMessage(noChat, own, "{\"content\":\"hello\"}")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        try (var client = WsClient.connect(ws(), noChat)) {
            client.send(message("\"content\":\"hello\""));
            assertEquals(
                    "forbidden",
                    client.untilEnd(Duration.ofSeconds(10)).get(0).get("code").asText());
        }
        given().auth().oauth2(noChat).get("/api/v1/conversations").then().statusCode(200);

        String chatOnly = Tokens.userKey(tenant, user, "member", List.of("chat"), null);
        given().auth()
                .oauth2(chatOnly)
                .get("/api/v1/conversations")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void whatAKeyAsksIsKeptApartFromItsCreatorsChats() {
        String users = Fixtures.conversation(member);
        String key = Tokens.userKey(tenant, user, "member", List.of("read", "search", "chat"), null);
        String keys = Fixtures.conversation(key);
        List<String> seenByKey = listed(key, "");
        assertTrue(seenByKey.contains(keys), seenByKey.toString());
        assertFalse(seenByKey.contains(users), seenByKey.toString());
        List<String> seenByUser = listed(member, "");
        assertTrue(seenByUser.contains(users), seenByUser.toString());
        assertFalse(seenByUser.contains(keys), seenByUser.toString());
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/" + keys)
                .then()
                .statusCode(404);
    }

    @Test
    void aKeyOfAViewerCannotChatWhateverItsScopes() {
        UUID keyId = UUID.randomUUID(); // the key's own conversation, made while its creator was a member
        String own = Fixtures.conversation(
                Tokens.key(tenant, user, keyId, "member", List.of("read", "search", "chat"), null));
        String viewerKey = Tokens.key(tenant, user, keyId, "viewer", List.of("read", "search", "chat"), null);
        Fixtures.sendMessage(viewerKey, own, "{\"content\":\"hello\"}").then().statusCode(403);
    }

    @Test
    void kbIdsRestrictWhatIsSearchedAndHideOtherKnowledgeBases() throws Exception {
        UUID allowed = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Fixtures.seed(retrieval, tenant, allowed, "Trains are booked for short trips.");
        String key = Tokens.userKey(tenant, user, "member", List.of("read", "search", "chat"), List.of(allowed));
        String own = Fixtures.conversation(key); // the key's own: it does not read its creator's

        Fixtures.sendMessage(key, own, "{\"content\":\"trains?\",\"knowledgeBaseIds\":[\"" + other + "\"]}")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        try (var client = WsClient.connect(ws(), key)) {
            client.send(message("\"content\":\"trains?\",\"knowledgeBaseIds\":[\"" + other + "\"]"));
            var frames = client.untilEnd(Duration.ofSeconds(10));
            assertEquals(1, frames.size());
            assertEquals("not_found", frames.get(0).get("code").asText());
        }
        Fixtures.createConversation(key, "{\"knowledgeBaseIds\":[\"" + other + "\"]}")
                .then()
                .statusCode(404);
        assertEquals(0, Fixtures.searches(retrieval, tenant).size(), "nothing outside kb_ids was searched");

        Fixtures.sendMessage(key, own, "{\"content\":\"Are trains booked for short trips?\"}")
                .then()
                .statusCode(200)
                .body("finishReason", equalTo("stop"));
        JsonNode searches = Fixtures.searches(retrieval, tenant);
        assertEquals(1, searches.size());
        assertEquals(1, searches.get(0).get("knowledgeBaseIds").size());
        assertEquals(
                allowed.toString(),
                searches.get(0).get("knowledgeBaseIds").get(0).asText());
    }

    @Test
    void aTurnNamingAnotherTenantsOrAnUnknownKnowledgeBaseIsRefusedBeforeAnythingIsStored() throws Exception {
        UUID own = UUID.randomUUID();
        UUID foreign = UUID.randomUUID();
        UUID otherTenant = UUID.randomUUID();
        Fixtures.seed(retrieval, tenant, own, "Trains are booked for short trips.");
        Fixtures.seed(retrieval, otherTenant, foreign, "The other tenant's secret plan.");
        String conversation = Fixtures.conversation(member);

        for (UUID refused : List.of(foreign, UUID.randomUUID())) {
            try (var client = WsClient.connect(ws(), member)) {
                client.send(message("\"content\":\"plans?\",\"knowledgeBaseIds\":[\"" + refused + "\"]"));
                var frames = client.untilEnd(Duration.ofSeconds(10));
                assertEquals(1, frames.size(), "no conversation frame, no step: " + frames);
                assertEquals("not_found", frames.get(0).get("code").asText());
            }
            Fixtures.sendMessage(
                            member, conversation, "{\"content\":\"plans?\",\"knowledgeBaseIds\":[\"" + refused + "\"]}")
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("not_found"));
            Fixtures.completion(
                            member,
                            "{\"model\":\"quire:kb:" + refused
                                    + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"plans?\"}]}")
                    .then()
                    .statusCode(404)
                    .body("error.code", equalTo("not_found"));
        }
        assertEquals(0, Fixtures.searches(retrieval, tenant).size(), "nothing was searched");
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(conversation));
        assertEquals(0, thread(conversation).getList("messages").size(), "the refused question was not kept");

        // positive control: the tenant's own knowledge base starts a conversation and is searched
        try (var client = WsClient.connect(ws(), member)) {
            client.send(message("\"content\":\"Are trains booked?\",\"knowledgeBaseIds\":[\"" + own + "\"]"));
            var frames = client.untilEnd(Duration.ofSeconds(10));
            assertEquals("conversation", frames.get(0).get("type").asText());
            assertEquals("done", frames.get(frames.size() - 1).get("type").asText());
        }
        assertEquals(1, Fixtures.searches(retrieval, tenant).size());
        given().auth().oauth2(member).get("/api/v1/conversations").then().body("items.size()", equalTo(2));
    }

    @Test
    void aKeyRestrictedToKnowledgeBasesNeitherListsNorReadsItsCreatorsConversations() throws Exception {
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), "Lunch is served from 12 to 14.");
        String users = Fixtures.conversation(member);
        String answer = Fixtures.sendMessage(member, users, "{\"content\":\"When is lunch served?\"}")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        String key =
                Tokens.userKey(tenant, user, "member", List.of("read", "search", "chat"), List.of(UUID.randomUUID()));

        // the positive control: the user reads the conversation and its answer (a key, restricted or not, keeps
        // conversations of its own: whatAKeyAsksIsKeptApartFromItsCreatorsChats)
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/" + users)
                .then()
                .statusCode(200);
        assertTrue(listed(member, "").contains(users));
        // the restricted key: not found, not listed, not found by its text, not changed, not deleted, not rated
        given().auth().oauth2(key).get("/api/v1/conversations/" + users).then().statusCode(404);
        assertTrue(!listed(key, "").contains(users));
        assertTrue(!listed(key, "lunch").contains(users));
        Fixtures.changeConversation(key, users, "{\"title\":\"mine now\"}")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(key)
                .delete("/api/v1/conversations/" + users)
                .then()
                .statusCode(404);
        Fixtures.feedback(key, answer, "{\"rating\":\"down\"}").then().statusCode(404);
        Fixtures.sendMessage(key, users, "{\"content\":\"And dinner?\"}").then().statusCode(404);

        // what the key asks stays the key's: it reads its own conversation, the user's list does not show it
        String keys = Fixtures.conversation(key);
        given().auth().oauth2(key).get("/api/v1/conversations/" + keys).then().statusCode(200);
        assertTrue(listed(key, "").contains(keys));
        assertTrue(!listed(member, "").contains(keys));
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/" + users)
                .then()
                .statusCode(200);
    }

    private static List<String> listed(String token, String q) {
        return Fixtures.search(token, q)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }

    @Test
    void anotherUsersConversationOfTheSameTenantIsNotFound() throws Exception {
        String own = Fixtures.conversation(member);
        String colleague = Tokens.of(tenant, UUID.randomUUID(), "owner");
        given().auth()
                .oauth2(colleague)
                .get("/api/v1/conversations/" + own)
                .then()
                .statusCode(404);
        Fixtures.sendMessage(colleague, own, "{\"content\":\"hello\"}")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        Fixtures.changeConversation(colleague, own, "{\"title\":\"mine now\"}")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(colleague)
                .delete("/api/v1/conversations/" + own)
                .then()
                .statusCode(404);
        try (var client = WsClient.connect(ws(), colleague)) {
            client.send(message("\"conversationId\":\"" + own + "\",\"content\":\"hello\""));
            assertEquals(
                    "not_found",
                    client.untilEnd(Duration.ofSeconds(10)).get(0).get("code").asText());
        }
        // a viewer of another tenant asking about it also gets 404, not 403
        Fixtures.sendMessage(Tokens.of(UUID.randomUUID(), user, "viewer"), own, "{\"content\":\"hello\"}")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/" + own)
                .then()
                .statusCode(200)
                .body("messages.size()", equalTo(0));
    }

    @Test
    void ownerRenamesAndDeletesAConversationAndTheDeleteIsAudited() throws Exception {
        String own = Fixtures.conversation(member);
        try (var consumer = Fixtures.consumer(TestKafka.topic("audit.recorded"))) {
            Fixtures.changeConversation(member, own, "{\"title\":\"Trips\"}")
                    .then()
                    .statusCode(200)
                    .body("title", equalTo("Trips"));
            given().auth()
                    .oauth2(member)
                    .header("X-Forwarded-For", "203.0.113.7")
                    .delete("/api/v1/conversations/" + own)
                    .then()
                    .statusCode(204);
            given().auth()
                    .oauth2(member)
                    .get("/api/v1/conversations/" + own)
                    .then()
                    .statusCode(404);
            var record = Fixtures.await(
                    consumer, n -> own.equals(n.path("resourceId").asText()));
            JsonNode audit = Fixtures.JSON.readTree(record.value());
            assertEquals(tenant.toString(), record.key());
            assertEquals("conversation.delete", audit.get("action").asText());
            assertEquals(user.toString(), audit.get("actor").get("userId").asText());
            assertEquals("203.0.113.7", audit.get("ip").asText());
            assertTrue(audit.hasNonNull("eventId"));
        }
    }
}
