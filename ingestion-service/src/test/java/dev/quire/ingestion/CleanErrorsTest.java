package dev.quire.ingestion;

import static dev.quire.platform.testing.Problems.clientProblem;
import static dev.quire.platform.testing.Problems.validationFailed;
import static io.restassured.RestAssured.given;

import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bad input is a clean 4xx problem+json with a stable code, never a 5xx or an empty body. */
@QuarkusTest
class CleanErrorsTest {
    private final UUID tenant = UUID.randomUUID();

    private String owner() {
        return Tokens.of(tenant, "owner");
    }

    private String knowledgeBase() {
        return KnowledgeApiTest.createKb(owner());
    }

    @Test
    void nulInAKnowledgeBaseNameIsValidationFailed() {
        validationFailed(given().auth()
                .oauth2(owner())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"KB\\u0000x\"}")
                .post("/api/v1/knowledge-bases"));
    }

    @Test
    void nulInListFiltersAndCursorsIsValidationFailed() {
        String kb = knowledgeBase();
        for (String uri : List.of(
                "/api/v1/knowledge-bases?cursor=%00",
                "/api/v1/tags?cursor=a%00",
                "/api/v1/knowledge-bases/" + kb + "/documents?q=%00",
                "/api/v1/knowledge-bases/" + kb + "/documents?tag=x%00",
                "/api/v1/knowledge-bases/" + kb + "/documents?status=%00")) {
            validationFailed(
                    given().auth().oauth2(owner()).urlEncodingEnabled(false).get(uri));
        }
    }

    @Test
    void malformedJsonWrongTypesDuplicateKeysAndTrailingTokensAreValidationFailed() {
        for (String body : List.of(
                "{\"name\":",
                "{\"name\":{\"a\":1}}",
                "{\"name\":\"a\",\"name\":\"b\"}",
                "{\"name\":\"a\"} {}",
                "[".repeat(50_000) + "]".repeat(50_000))) {
            validationFailed(given().auth()
                    .oauth2(owner())
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/v1/knowledge-bases"));
        }
    }

    @Test
    void multipartWithAMismatchedBoundaryIsAProblemNotA500() {
        String kb = knowledgeBase();
        String body = "--other\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--other--\r\n";
        clientProblem(given().auth()
                .oauth2(owner())
                .contentType("multipart/form-data; boundary=expected")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/knowledge-bases/" + kb + "/documents"));
    }

    @Test
    void nulInAMultipartFieldIsValidationFailed() {
        String kb = knowledgeBase();
        validationFailed(given().auth()
                .oauth2(owner())
                .multiPart("file", "a.txt", "hello".getBytes(StandardCharsets.UTF_8))
                .multiPart("tags", "fin\u0000ance")
                .post("/api/v1/knowledge-bases/" + kb + "/documents"));
    }

    @Test
    void nonUuidIdsInPathAndQueryAnswerAProblem() {
        clientProblem(given().auth().oauth2(owner()).get("/api/v1/knowledge-bases/not-a-uuid"));
        clientProblem(given().auth().oauth2(owner()).get("/api/v1/documents/123/text"));
        clientProblem(given().auth().oauth2(owner()).get("/api/v1/jobs/%20"));
    }
}
