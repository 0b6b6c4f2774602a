package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.gateway.Refused;
import dev.quire.platform.testing.WsClient;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The walking skeleton end to end, through the gateway only, against all six services running as real processes
 * on the real PostgreSQL, Kafka and Redis: sign-up to a cited, streamed answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {
    private static final String PDF = "observatory-guide.pdf";
    private static String tokenA;
    private static String tokenB;
    private static String pdfId;
    private static String docxId;

    @BeforeAll
    static void setUp() {
        Platform.useGateway();
        tokenA = signup("Tenant A");
        tokenB = signup("Tenant B");
    }

    /** The answer is {@code status} in exactly the problem+json media type, with this code. */
    private static void assertProblem(Response r, int status, String code) {
        r.then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    private static String signup(String name) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "tenantName",
                        name,
                        "email",
                        "e2e-" + UUID.randomUUID() + "@example.com",
                        "password",
                        "a long enough password"))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .header("X-Request-Id", org.hamcrest.Matchers.notNullValue())
                .extract()
                .path("accessToken");
    }

    @Test
    @Order(1)
    void uploadedPdfAndDocxReachIndexed() throws Exception {
        String kb = Ingest.knowledgeBase(tokenA, "Field guides");
        byte[] pdf = Documents.pdf(List.of(
                List.of("Northern Lights Observatory - Visitor Guide", "Welcome to the observatory near Tromso."),
                List.of(
                        "Opening hours",
                        "The aurora observatory opens at nine in the evening from September to March.",
                        "Guided sky tours start every hour and last forty minutes."),
                List.of("Safety", "Visitors must wear insulated boots on the frozen viewing platform.")));
        byte[] docx = Documents.docx(
                "Expense policy",
                List.of(
                        "Employees are reimbursed for train tickets on trips under five hundred kilometres.",
                        "Hotel costs above one hundred and fifty euros per night need written approval."));
        var items = given().auth()
                .oauth2(tokenA)
                .multiPart("file", PDF, pdf, "application/pdf")
                .multiPart("file", "expenses.docx", docx)
                .post("/api/v1/knowledge-bases/" + kb + "/documents")
                .then()
                .statusCode(202)
                .body("items.status", org.hamcrest.Matchers.everyItem(equalTo("QUEUED")))
                .extract()
                .jsonPath();
        pdfId = items.getString("items[0].id");
        docxId = items.getString("items[1].id");
        for (String id : List.of(pdfId, docxId)) {
            Ingest.awaitIndexed(tokenA, id, Duration.ofMinutes(3));
        }
        given().auth()
                .oauth2(tokenA)
                .get("/api/v1/documents/" + docxId)
                .then()
                .body("contentType", equalTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
                .body("chunkCount", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    @Order(2)
    void searchFindsThePdfPassageForItsTenantOnly() {
        var body = Map.of("query", "When does the aurora observatory open?", "topK", 5);
        given().auth()
                .oauth2(tokenA)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .body("results[0].documentId", equalTo(pdfId))
                .body("results[0].filename", equalTo(PDF))
                .body("results[0].page", equalTo(2))
                .body("results[0].text", org.hamcrest.Matchers.containsString("opens at nine"));
        for (String mode : List.of("vector", "keyword", "hybrid")) {
            given().auth()
                    .oauth2(tokenB)
                    .contentType(ContentType.JSON)
                    .body(Map.of("query", "aurora observatory opens at nine", "mode", mode))
                    .post("/api/v1/search")
                    .then()
                    .statusCode(200)
                    .body("results.documentId", not(hasItem(pdfId)))
                    .body("results.documentId", not(hasItem(docxId)));
        }
        assertProblem(given().auth().oauth2(tokenB).get("/api/v1/documents/" + pdfId), 404, "not_found");
    }

    @Test
    @Order(3)
    void chatStreamsStepsTokensCitationsAndDoneInOrder() throws Exception {
        URI ws = URI.create(RestAssured.baseURI.replaceFirst("^http", "ws") + "/ws/chat");
        List<JsonNode> frames;
        try (var client = WsClient.connect(ws, tokenA)) {
            assertEquals("quire.v1", client.subprotocol());
            client.send("{\"type\":\"user_message\",\"id\":\"c-1\","
                    + "\"content\":\"When does the aurora observatory open?\"}");
            frames = client.untilEnd(Duration.ofSeconds(60));
        }
        List<String> types = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i, frames.get(i).get("seq").asInt(), "seq counts without gaps");
            assertEquals("c-1", frames.get(i).get("id").asText());
            types.add(frames.get(i).get("type").asText());
        }
        assertEquals("conversation", types.get(0));
        assertEquals("done", types.get(types.size() - 1), "stream: " + types);
        assertEquals("citations", types.get(types.size() - 2));
        assertEquals(1, types.stream().filter("citations"::equals).count());
        int firstToken = types.indexOf("token");
        assertTrue(firstToken > 0, "tokens streamed");
        assertTrue(types.indexOf("step") < firstToken, "a step precedes the tokens");
        List<String> steps = frames.stream()
                .filter(f -> f.get("type").asText().equals("step"))
                .map(f -> f.get("name").asText())
                .toList();
        assertEquals(List.of("analyzing", "searching", "reading", "generating", "validating"), steps);

        StringBuilder answer = new StringBuilder();
        frames.stream()
                .filter(f -> f.get("type").asText().equals("token"))
                .forEach(f -> answer.append(f.get("delta").asText()));
        assertTrue(answer.toString().contains("opens at nine"), answer.toString());
        JsonNode citations = frames.get(frames.size() - 2).get("items");
        assertEquals(pdfId, citations.get(0).get("documentId").asText());
        assertEquals(2, citations.get(0).get("page").asInt());

        String conversationId = frames.get(0).get("conversationId").asText();
        String messageId = frames.get(frames.size() - 1).get("messageId").asText();
        given().auth()
                .oauth2(tokenA)
                .get("/api/v1/conversations/" + conversationId)
                .then()
                .statusCode(200)
                .body("messages.size()", equalTo(2))
                .body("messages[0].role", equalTo("user"))
                .body("messages[1].id", equalTo(messageId))
                .body("messages[1].role", equalTo("assistant"))
                .body("messages[1].content", equalTo(answer.toString()))
                .body("messages[1].citations[0].documentId", equalTo(pdfId));
        given().auth()
                .oauth2(tokenB)
                .get("/api/v1/conversations/" + conversationId)
                .then()
                .statusCode(404);
    }

    @Test
    @Order(4)
    void badTokensAndUnknownRoutesGetProblems() {
        assertProblem(given().get("/api/v1/knowledge-bases"), 401, "invalid_token");
        Refused.asInvalidToken("unknown.token.value");
        assertProblem(given().get("/no/such/route"), 404, "not_found");
        given().get("/.well-known/jwks.json").then().statusCode(200).body("keys[0].kty", equalTo("RSA"));
    }
}
