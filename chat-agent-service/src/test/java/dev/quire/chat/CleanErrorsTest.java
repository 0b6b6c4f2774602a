package dev.quire.chat;

import static dev.quire.platform.testing.Problems.openAiError;
import static dev.quire.platform.testing.Problems.problem;
import static dev.quire.platform.testing.Problems.validationFailed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.platform.testing.Hostile;
import dev.quire.platform.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Bad input is a clean 4xx (problem+json, OpenAI's shape on /v1) or an error frame, never a 5xx or a drop. */
@QuarkusTest
class CleanErrorsTest extends MemberChat {
    private String conversation() {
        return given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body("{\"title\":\"t\"}")
                .post("/api/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void nulInAConversationTitleIsValidationFailed() {
        validationFailed(given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body("{\"title\":\"Bud\\u0000get\"}")
                .post("/api/v1/conversations"));
        validationFailed(given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body("{\"title\":\"x\\u0000\"}")
                .patch("/api/v1/conversations/" + conversation()));
    }

    @Test
    void nulInChatContentOverHttpIsValidationFailed() {
        validationFailed(given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body("{\"content\":\"hello\\u0000world\"}")
                .post("/api/v1/conversations/" + conversation() + "/messages"));
    }

    @Test
    void nulInChatContentOverTheWebSocketGetsAnErrorFrame() throws Exception {
        try (var client = WsClient.connect(ws(), member)) {
            client.send("{\"type\":\"user_message\",\"id\":\"n\",\"content\":\"hello\\u0000world\"}");
            var frames = client.untilEnd(Duration.ofSeconds(10));
            var last = frames.get(frames.size() - 1);
            assertEquals("error", last.path("type").asText(), frames.toString());
            assertEquals("validation_failed", last.path("code").asText(), frames.toString());
            client.send("{\"type\":\"ping\"}"); // the socket stays usable
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !client.frames.isEmpty());
            assertEquals("pong", client.frames.poll().path("type").asText());
            assertEquals(-1, client.closeCode);
        }
    }

    @Test
    void aFourMiBFrameClosesTheConnectionWith1009() throws Exception {
        try (var client = WsClient.connect(ws(), member)) {
            client.send("{\"type\":\"user_message\",\"id\":\"big\",\"content\":\"" + "x".repeat(4 << 20) + "\"}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.closeCode != -1);
            assertEquals(1009, client.closeCode);
        }
    }

    @Test
    void openAiEndpointAnswersNotAcceptableInOpenAisShape() {
        given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .accept("text/csv")
                .body("{\"model\":\"quire\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions")
                .then()
                .statusCode(406)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", not(emptyOrNullString()))
                .body("error.message", not(emptyOrNullString()));
    }

    @Test
    void malformedJsonOnTheOpenAiEndpointIsAnOpenAiError() {
        for (String body : Hostile.malformedJson(
                "model",
                "{\"model\":\"quire\",\"model\":\"x\",\"messages\":[]}",
                "{\"model\":\"quire\"} {}",
                "{\"model\":\"quire\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\u0000\"}]}")) {
            openAiError(
                    given().auth()
                            .oauth2(member)
                            .contentType(ContentType.JSON)
                            .body(body)
                            .post("/v1/chat/completions"),
                    400,
                    "validation_failed");
        }
    }

    @Test
    void aQueryParameterNotOfItsTypeOrRangeIsRefusedNamingIt() {
        for (String limit : List.of("abc", "0", "201", "-1")) {
            problem(given().auth().oauth2(member).get("/api/v1/conversations?limit=" + limit), 400, "validation_failed")
                    .body("errors[0].field", equalTo("limit"));
        }
        // a constraint on a query parameter names the parameter, not "body"
        problem(
                        given().auth().oauth2(member).get("/api/v1/conversations?q=" + "x".repeat(201)),
                        400,
                        "validation_failed")
                .body("errors[0].field", equalTo("q"));
        // the positive control: in range, an empty limit, a query of 200 characters
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations?limit=200")
                .then()
                .statusCode(200);
        given().auth().oauth2(member).get("/api/v1/conversations?limit=").then().statusCode(200);
        given().auth()
                .oauth2(member)
                .get("/api/v1/conversations?q=" + "x".repeat(200))
                .then()
                .statusCode(200);
    }

    @Test
    void nonUuidIdsAnswerAProblem() {
        problem(given().auth().oauth2(member).get("/api/v1/conversations/not-a-uuid"), 404, "not_found");
        validationFailed(
                given().auth().oauth2(member).urlEncodingEnabled(false).get("/api/v1/conversations?limit=%00"));
    }
}
