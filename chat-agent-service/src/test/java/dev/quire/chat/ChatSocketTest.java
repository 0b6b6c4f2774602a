package dev.quire.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.http.UpgradedRequests;
import dev.quire.platform.testing.Tokens;
import dev.quire.platform.testing.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket protocol against the real database. The fake retrieval-service answers 503 for this class's
 * unseeded tenant, so the search step fails the way it would in production: with an error frame, after the
 * conversation is saved.
 */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
class ChatSocketTest extends MemberChat {
    @Test
    void framesOfAStreamCountWithoutGapsAndEndWithOneError() throws Exception {
        try (var client = WsClient.connect(ws(), member)) {
            assertEquals("quire.v1", client.subprotocol());
            client.send("{\"type\":\"user_message\",\"id\":\"c-1\",\"content\":\"What is the travel policy?\"}");
            List<JsonNode> frames = client.untilEnd(Duration.ofSeconds(30));
            assertEquals("conversation", frames.get(0).get("type").asText());
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(i, frames.get(i).get("seq").asInt());
                assertEquals("c-1", frames.get(i).get("id").asText());
            }
            assertTrue(frames.stream().anyMatch(f -> f.get("type").asText().equals("tool_call")));
            var last = frames.get(frames.size() - 1);
            assertEquals("error", last.get("type").asText());
            assertEquals("upstream_unavailable", last.get("code").asText());

            String conversationId = frames.get(0).get("conversationId").asText();
            given().auth()
                    .oauth2(member)
                    .get("/api/v1/conversations/" + conversationId)
                    .then()
                    .statusCode(200)
                    .body("messages[0].role", equalTo("user"))
                    .body("messages[0].content", equalTo("What is the travel policy?"));
            given().auth()
                    .oauth2(Tokens.of(UUID.randomUUID(), user, "owner"))
                    .get("/api/v1/conversations/" + conversationId)
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("not_found"));
        }
    }

    @Test
    void pingIsAnsweredWithBarePong() throws Exception {
        try (var client = WsClient.connect(ws(), Tokens.of(tenant, user, "viewer"))) {
            client.send("{\"type\":\"ping\"}");
            JsonNode pong = client.frames.poll(10, TimeUnit.SECONDS);
            assertEquals("pong", pong.get("type").asText());
            assertFalse(pong.has("seq"));
            assertFalse(pong.has("id"));
        }
    }

    @Test
    void unknownConversationEndsTheStreamWithNotFound() throws Exception {
        try (var client = WsClient.connect(ws(), member)) {
            client.send("{\"type\":\"user_message\",\"id\":\"x\",\"conversationId\":\"" + UUID.randomUUID()
                    + "\",\"content\":\"hello\"}");
            var frames = client.untilEnd(Duration.ofSeconds(10));
            assertEquals(1, frames.size());
            assertEquals("not_found", frames.get(0).get("code").asText());
        }
    }

    @Test
    void aClientFrameOver64KiBClosesTheConnectionWith1009() throws Exception {
        try (var client = WsClient.connect(ws(), member)) {
            String big = "x".repeat(70 * 1024);
            client.send("{\"type\":\"user_message\",\"id\":\"big\",\"content\":\"" + big + "\"}");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.closeCode != -1);
            assertEquals(1009, client.closeCode);
        }
    }

    @Test
    void aClosedChatSocketNoLongerHoldsUpTheShutdown() throws Exception {
        // earlier tests' sockets (and refused upgrades) are closed by now, as the count then says
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertEquals(0, UpgradedRequests.held()));
        int before = UpgradedRequests.held();
        try (var client = WsClient.connect(ws(), Tokens.of(tenant, user, "viewer"))) {
            client.send("{\"type\":\"ping\"}");
            assertEquals(
                    "pong", client.frames.poll(10, TimeUnit.SECONDS).get("type").asText());
            // positive control: the open socket counts as a request in flight for Quarkus's graceful shutdown
            assertEquals(before + 1, UpgradedRequests.held(), "the open socket's upgrade request is held");
        }
        // once the socket has closed, its request no longer makes a shutdown wait out quarkus.shutdown.timeout
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertEquals(before, UpgradedRequests.held()));
    }

    @Test
    void upgradeWithoutTokenIsRefused() {
        assertThrows(Exception.class, () -> WsClient.connect(ws(), null));
        assertThrows(Exception.class, () -> WsClient.connect(ws(), "not.a.jwt"));
    }

    @Test
    void conversationsAreListedForTheirOwnerOnly() {
        String id = Fixtures.createConversation(member, "{\"title\":\"Budget\"}")
                .then()
                .statusCode(201)
                .body("title", equalTo("Budget"))
                .extract()
                .path("id");
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id));
        given().auth()
                .oauth2(Tokens.of(tenant, UUID.randomUUID(), "member"))
                .get("/api/v1/conversations/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void connectionClosesWhenItsTokenExpires() throws Exception {
        try (var client = WsClient.connect(ws(), Tokens.expiring(tenant, user, "member", 2))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(8)).until(() -> client.closeCode != -1);
        }
    }

    @Test
    void authFrameWithAFreshTokenKeepsTheConnectionPastTheOldExpiry() throws Exception {
        try (var client = WsClient.connect(ws(), Tokens.expiring(tenant, user, "member", 2))) {
            client.send("{\"type\":\"auth\",\"token\":\"" + Tokens.of(tenant, user, "member") + "\"}");
            Thread.sleep(4000);
            client.send("{\"type\":\"ping\"}");
            JsonNode pong = client.frames.poll(5, TimeUnit.SECONDS);
            assertEquals("pong", pong == null ? null : pong.get("type").asText());
            assertEquals(-1, client.closeCode);
        }
    }

    @Test
    void authFrameOfAnotherUserClosesWith4401() throws Exception {
        try (var client = WsClient.connect(ws(), member)) {
            client.send("{\"type\":\"auth\",\"token\":\"" + Tokens.of(tenant, UUID.randomUUID(), "member") + "\"}");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(8)).until(() -> client.closeCode != -1);
            assertEquals(4401, client.closeCode);
        }
    }
}
