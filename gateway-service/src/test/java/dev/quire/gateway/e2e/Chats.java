package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;

/** Conversations and OpenAI-compatible completions through the gateway, for the end-to-end tests. */
final class Chats {
    private Chats() {}

    /** A new conversation of the token's user, titled {@code title}; its id. */
    static String conversation(String token, String title) {
        return Platform.created(token, "/api/v1/conversations", Map.of("title", title));
    }

    /** {@code POST /v1/chat/completions} with one user message to {@code model}, streamed or not. */
    static Response completion(String token, String model, String question, boolean stream) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "model",
                        model,
                        "stream",
                        stream,
                        "messages",
                        List.of(Map.of("role", "user", "content", question))))
                .post("/v1/chat/completions");
    }
}
