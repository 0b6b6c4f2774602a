package dev.quire.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** {@code /v1/chat/completions} and {@code /v1/models} in OpenAI's shapes, with Quire's citations and rights. */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
@WithTestResource(FakeLlm.class)
class OpenAiCompatTest extends MemberChat {
    @Inject
    @ConfigProperty(name = "quarkus.rest-client.ingestion.url")
    String ingestion;

    private final UUID kb = UUID.randomUUID();

    private static String body(String model, boolean stream, String question) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello!\"},"
                + "{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    }

    @Test
    void aNonStreamedCompletionHasOpenAisShapeAndQuireCitations() throws Exception {
        Fixtures.seed(retrieval, tenant, kb, "Trains must be booked for trips under 500 km.");
        var json = Fixtures.completion(member, body("quire", false, "How do I travel?"))
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("object", equalTo("chat.completion"))
                .body("id", startsWith("chatcmpl-"))
                .body("model", equalTo("quire"))
                .body("choices[0].index", equalTo(0))
                .body("choices[0].message.role", equalTo("assistant"))
                .body(
                        "choices[0].message.content",
                        equalTo("According to the documents: Trains must be booked for trips under 500 km. [1]."))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("quire.citations.size()", equalTo(1))
                .body("quire.citations[0].n", equalTo(1))
                .body("quire.citations[0].filename", equalTo("policy.pdf"))
                .extract()
                .jsonPath();
        int prompt = json.getInt("usage.prompt_tokens");
        int completion = json.getInt("usage.completion_tokens");
        assertTrue(prompt > 0 && completion > 0);
        assertEquals(prompt + completion, json.getInt("usage.total_tokens"));
        // history reached the model; the client's system message did not replace Quire's
        JsonNode request = FakeLlm.REQUESTS.get(FakeLlm.REQUESTS.size() - 1);
        JsonNode messages = request.get("messages");
        assertTrue(messages.get(0).get("content").asText().startsWith("You are Quire"));
        assertEquals("Hello!", messages.get(2).get("content").asText());
        assertTrue(messages.toString().indexOf("be brief") < 0);
    }

    @Test
    void aStreamedCompletionSendsChunksThenCitationsOnTheLastThenDone() throws Exception {
        Fixtures.seed(retrieval, tenant, kb, "Trains must be booked for trips under 500 km.");
        var sse = Fixtures.withJson(member, body("quire:kb:" + kb, true, "How do I travel?"))
                .header("X-Quire-Reservation-Id", "res-v1")
                .header("X-Quire-Reservation-Tokens", "4000")
                .post("/v1/chat/completions");
        List<String> data = new ArrayList<>();
        for (String event : Fixtures.events(sse)) {
            assertTrue(event.startsWith("data: "), event);
            data.add(event.substring(6));
        }
        assertEquals("[DONE]", data.get(data.size() - 1));
        List<JsonNode> chunks = new ArrayList<>();
        for (String d : data.subList(0, data.size() - 1)) {
            chunks.add(Fixtures.JSON.readTree(d));
        }
        String id = chunks.get(0).get("id").asText();
        var text = new StringBuilder();
        for (JsonNode c : chunks) {
            assertEquals("chat.completion.chunk", c.get("object").asText());
            assertEquals(id, c.get("id").asText());
            assertEquals("quire:kb:" + kb, c.get("model").asText());
            text.append(c.get("choices").get(0).get("delta").path("content").asText(""));
        }
        assertEquals(
                "assistant",
                chunks.get(0).get("choices").get(0).get("delta").get("role").asText());
        JsonNode last = chunks.get(chunks.size() - 1);
        assertEquals("stop", last.get("choices").get(0).get("finish_reason").asText());
        assertEquals(1, last.get("quire").get("citations").size());
        assertTrue(last.get("usage").get("total_tokens").asInt() <= 4000);
        for (JsonNode c : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(c.get("choices").get(0).get("finish_reason").isNull());
            assertTrue(!c.has("quire"));
        }
        assertEquals("According to the documents: Trains must be booked for trips under 500 km. [1].", text.toString());
        // the model name restricted the search to that knowledge base
        JsonNode searches = Fixtures.searches(retrieval, tenant);
        assertEquals(
                kb.toString(),
                searches.get(searches.size() - 1).get("knowledgeBaseIds").get(0).asText());
    }

    @Test
    void errorsUnderV1TakeOpenAisShape() {
        given().contentType("application/json")
                .body(body("quire", false, "x"))
                .post("/v1/chat/completions")
                .then()
                .statusCode(401)
                .body("error.type", equalTo("authentication_error"))
                .body("error.code", equalTo("invalid_token"))
                .body("error.param", nullValue());
        Fixtures.completion(Tokens.of(tenant, user, "viewer"), body("quire", false, "x"))
                .then()
                .statusCode(403)
                .body("error.code", equalTo("forbidden"))
                .body("error.type", equalTo("permission_error"));
        Fixtures.completion(member, body("gpt-4", false, "x"))
                .then()
                .statusCode(404)
                .body("error.code", equalTo("model_not_found"));
        Fixtures.completion(
                        Tokens.userKey(tenant, user, "member", List.of("chat"), List.of(kb)),
                        body("quire:kb:" + UUID.randomUUID(), false, "x"))
                .then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"));
        Fixtures.completion(member, "{\"model\":\"quire\",\"messages\":[]}")
                .then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("messages"));
    }

    @Test
    void aRefusedFieldIsNamedInTheErrorsParam() throws Exception {
        Fixtures.seed(retrieval, tenant, kb, "Trains must be booked for trips under 500 km.");
        String ask = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        var refused = java.util.Map.of(
                "{" + ask + "}",
                "model",
                "{\"model\":7," + ask + "}",
                "model",
                "{\"model\":\"quire\"," + ask + ",\"max_tokens\":-1}",
                "max_tokens",
                "{\"model\":\"quire\"," + ask + ",\"max_tokens\":\"abc\"}",
                "max_tokens",
                "{\"model\":\"quire\"," + ask + ",\"max_completion_tokens\":0}",
                "max_completion_tokens",
                "{\"model\":\"quire\"," + ask + ",\"stream\":\"yes\"}",
                "stream",
                "{\"model\":\"quire\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]}",
                "messages",
                "{\"model\":\"quire\",\"messages\":[{\"role\":\"user\",\"content\":7}]}",
                "messages",
                "{\"model\":\"quire\"," + ask + ",\"n\":2}",
                "n",
                "{\"model\":\"quire\"," + ask + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}",
                "tools");
        refused.forEach((body, param) -> Fixtures.completion(member, body)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("validation_failed"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo(param)));
        // the positive control: the same request with a valid cap is answered
        Fixtures.completion(
                        member,
                        "{\"model\":\"quire\"," + ask + ",\"max_tokens\":5,\"stream\":false,\"n\":1,\"tools\":[]}")
                .then()
                .statusCode(200);
    }

    @Test
    void maxTokensCapsTheCompletion() throws Exception {
        Fixtures.seed(retrieval, tenant, kb, "Trains must be booked for trips under 500 km.");
        Fixtures.completion(
                        member,
                        "{\"model\":\"quire\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"travel?\"}]}")
                .then()
                .statusCode(200)
                .body("choices[0].finish_reason", equalTo("length"))
                .body("choices[0].message.content.length()", org.hamcrest.Matchers.lessThanOrEqualTo(3 * 4));
    }

    @Test
    void modelsListQuireAndEachReadableKnowledgeBase() {
        UUID other = UUID.randomUUID();
        Fixtures.knowledgeBases(
                ingestion,
                tenant,
                List.of(
                        Map.of("id", kb.toString(), "name", "Policies", "createdAt", "2026-01-01T00:00:00Z"),
                        Map.of("id", other.toString(), "name", "Other", "createdAt", "2026-01-02T00:00:00Z")));
        given().auth()
                .oauth2(Tokens.of(tenant, user, "viewer"))
                .get("/v1/models")
                .then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", equalTo(List.of("quire", "quire:kb:" + kb, "quire:kb:" + other)))
                .body("data[1].object", equalTo("model"))
                .body("data[1].owned_by", equalTo("quire"));
        given().auth()
                .oauth2(Tokens.userKey(tenant, user, "member", List.of("read", "chat"), List.of(kb)))
                .get("/v1/models")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of("quire", "quire:kb:" + kb)));
        given().auth()
                .oauth2(Tokens.userKey(tenant, user, "member", List.of("chat"), List.of(kb)))
                .get("/v1/models")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of("quire", "quire:kb:" + kb)));
        given().auth()
                .oauth2(Tokens.userKey(tenant, user, "member", List.of("upload"), null))
                .get("/v1/models")
                .then()
                .statusCode(403)
                .body("error.code", equalTo("forbidden"));
    }
}
