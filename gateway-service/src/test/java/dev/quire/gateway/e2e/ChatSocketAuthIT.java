package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.testing.WsClient;
import io.restassured.RestAssured;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /ws/chat} authentication against the running stack: the browser's first-frame {@code auth}, and open
 * sockets closed with 4401 when tenant-service suspends the tenant or revokes the key (tenant.changed on Kafka).
 */
class ChatSocketAuthIT {
    private static String admin;

    @BeforeAll
    static void setUp() {
        Platform.useGateway();
        admin = Platform.adminToken();
    }

    private static URI ws() {
        return URI.create(RestAssured.baseURI.replaceFirst("^http", "ws") + "/ws/chat");
    }

    @Test
    void browserSocketAuthenticatesWithItsFirstFrameAndChats() throws Exception {
        var t = Platform.tenant(admin, "First frame", "pro");
        try (var client = WsClient.connect(ws(), null)) {
            assertEquals("quire.v1", client.subprotocol());
            client.send("{\"type\":\"auth\",\"token\":\"" + t.ownerToken() + "\"}");
            client.send("{\"type\":\"ping\"}");
            JsonNode pong = client.frames.poll(10, TimeUnit.SECONDS);
            assertEquals("pong", pong == null ? null : pong.path("type").asText());
            client.send("{\"type\":\"user_message\",\"id\":\"c-1\",\"content\":\"Anything about travel?\"}");
            List<JsonNode> frames = client.untilEnd(Duration.ofSeconds(30));
            assertEquals("conversation", frames.get(0).path("type").asText(), frames.toString());
        }
    }

    @Test
    void socketWithoutAValidAuthFrameIsClosedWith4401() throws Exception {
        try (var client = WsClient.connect(ws(), null)) {
            client.send("{\"type\":\"auth\",\"token\":\"qk_not_a_key\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.closeCode != -1);
            assertEquals(4401, client.closeCode);
        }
        try (var client = WsClient.connect(ws(), null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.closeCode != -1);
            assertEquals(4401, client.closeCode, "no auth frame within 5 s");
        }
    }

    @Test
    void suspendingTheTenantClosesItsOpenSocketWith4401() throws Exception {
        var t = Platform.tenant(admin, "Suspended while chatting", "pro");
        try (var client = WsClient.connect(ws(), t.ownerToken())) {
            Platform.status(admin, t.id(), "suspended");
            await().atMost(Duration.ofSeconds(15)).until(() -> client.closeCode != -1);
            assertEquals(4401, client.closeCode);
            assertEquals("invalid_token", lastError(client));
        } finally {
            Platform.status(admin, t.id(), "active");
        }
    }

    @Test
    void revokingTheApiKeyClosesItsOpenSocketWith4401() throws Exception {
        var t = Platform.tenant(admin, "Key revoked while chatting", "pro");
        var created = Platform.apiKey(t.ownerToken(), Map.of("name", "socket")).extract();
        String key = created.path("secret");
        try (var client = WsClient.connect(ws(), key)) {
            client.send("{\"type\":\"ping\"}");
            assertEquals(
                    "pong",
                    client.frames.poll(10, TimeUnit.SECONDS).path("type").asText());
            given().auth()
                    .oauth2(t.ownerToken())
                    .delete("/api/v1/api-keys/" + created.path("id"))
                    .then()
                    .statusCode(204);
            await().atMost(Duration.ofSeconds(15)).until(() -> client.closeCode != -1);
            assertEquals(4401, client.closeCode);
        }
    }

    private static String lastError(WsClient client) {
        return client.frames.stream()
                .filter(f -> f.path("type").asText().equals("error"))
                .reduce((a, b) -> b)
                .map(f -> f.path("code").asText())
                .orElse(null);
    }
}
