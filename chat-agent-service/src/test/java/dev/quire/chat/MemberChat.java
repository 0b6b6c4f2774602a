package dev.quire.chat;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What most chat tests start from: the chat socket's URL, the fake retrieval's URL (to {@link Fixtures#seed} it), and
 * a member of a fresh tenant (new for each test instance).
 */
abstract class MemberChat {
    @TestHTTPResource("/ws/chat")
    URI http;

    @Inject
    @ConfigProperty(name = "quarkus.rest-client.retrieval.url")
    String retrieval;

    final UUID tenant = UUID.randomUUID();
    final UUID user = UUID.randomUUID();
    final String member = Tokens.of(tenant, user, "member");

    /** The stored answer (second message) of the conversation these frames began, read back by the member. */
    String storedAnswer(List<JsonNode> frames) {
        return thread(frames.get(0).get("conversationId").asText()).getString("messages[1].content");
    }

    /** A conversation of the member's with its messages, as the API answers it (200). */
    io.restassured.path.json.JsonPath thread(String conversation) {
        return given().auth()
                .oauth2(member)
                .get("/api/v1/conversations/" + conversation)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The chat socket as a ws:// URI. */
    URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }
}
