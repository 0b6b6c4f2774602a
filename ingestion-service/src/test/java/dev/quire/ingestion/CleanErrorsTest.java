package dev.quire.ingestion;

import static dev.quire.platform.testing.Problems.clientProblem;
import static dev.quire.platform.testing.Problems.validationFailed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.quire.platform.testing.Hostile;
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
        for (String body : Hostile.malformedJson("name")) {
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
    void moreFilesThanARequestMayCarryAreRefusedAndNoneIsStored() {
        String kb = knowledgeBase();
        var many = given().auth().oauth2(owner());
        for (int i = 0; i <= 50; i++) {
            many = many.multiPart("file", "n" + i + ".txt", ("note " + i).getBytes(StandardCharsets.UTF_8));
        }
        validationFailed(many.post("/api/v1/knowledge-bases/" + kb + "/documents"));
        given().auth()
                .oauth2(owner())
                .get("/api/v1/knowledge-bases/" + kb + "/documents")
                .then()
                .statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(0));
        // the positive control: two files in one request are both taken
        given().auth()
                .oauth2(owner())
                .multiPart("file", "a.txt", "alpha notes".getBytes(StandardCharsets.UTF_8))
                .multiPart("file", "b.txt", "beta notes".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/knowledge-bases/" + kb + "/documents")
                .then()
                .statusCode(202)
                .body("items.size()", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void anAcceptTheApiCannotAnswerIs406NotAJavaToString() {
        String kb = knowledgeBase();
        String doc = KnowledgeApiTest.upload(owner(), kb, "notes.txt", "plain notes", null);
        for (String accept : List.of("text/plain", "text/html", "application/xml", "image/png")) {
            for (String path : List.of("/api/v1/knowledge-bases", "/api/v1/knowledge-bases/" + kb + "/documents")) {
                given().auth()
                        .oauth2(owner())
                        .accept(accept)
                        .get(path)
                        .then()
                        .statusCode(406)
                        .contentType(startsWith("application/problem+json"))
                        .body("detail", not(containsString("@Produces")));
            }
        }
        // the positive controls: JSON, anything, a browser's Accept; a download is served whatever is asked
        for (String accept : List.of("application/json", "*/*", "text/html,application/xhtml+xml,*/*;q=0.8")) {
            given().auth()
                    .oauth2(owner())
                    .accept(accept)
                    .get("/api/v1/knowledge-bases")
                    .then()
                    .statusCode(200)
                    .contentType(startsWith("application/json"))
                    .body("items", notNullValue());
        }
        for (String accept : List.of("text/plain", "application/octet-stream")) {
            given().auth()
                    .oauth2(owner())
                    .accept(accept)
                    .get("/api/v1/documents/" + doc + "/content")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void aBodyOfAnotherContentTypeIs415InTheApisWords() {
        for (String type : List.of("text/plain", "application/xml")) {
            given().auth()
                    .oauth2(owner())
                    .contentType(type)
                    .body("name=x")
                    .post("/api/v1/knowledge-bases")
                    .then()
                    .statusCode(415)
                    .contentType(startsWith("application/problem+json"))
                    .body("code", org.hamcrest.Matchers.equalTo("unsupported_media_type"))
                    .body("detail", containsString(type))
                    .body("detail", not(containsString("MessageBodyReader")));
        }
    }

    @Test
    void nonUuidIdsInPathAndQueryAnswerAProblem() {
        clientProblem(given().auth().oauth2(owner()).get("/api/v1/knowledge-bases/not-a-uuid"));
        clientProblem(given().auth().oauth2(owner()).get("/api/v1/documents/123/text"));
        clientProblem(given().auth().oauth2(owner()).get("/api/v1/jobs/%20"));
    }
}
