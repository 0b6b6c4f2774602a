package dev.quire.retrieval;

import static dev.quire.platform.testing.Problems.problem;
import static dev.quire.platform.testing.Problems.validationFailed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.quire.platform.testing.Hostile;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bad input is a clean 4xx problem+json with a stable code, never a 5xx or an empty body. */
@QuarkusTest
class CleanErrorsTest {
    private final UUID tenant = UUID.randomUUID();

    private String owner() {
        return Tokens.of(tenant, "owner");
    }

    @Test
    void nulInASearchQueryIsValidationFailed() {
        validationFailed(given().auth()
                .oauth2(owner())
                .contentType(ContentType.JSON)
                .body("{\"query\":\"pay\\u0000roll\",\"knowledgeBaseIds\":[\"" + UUID.randomUUID() + "\"]}")
                .post("/api/v1/search"));
    }

    @Test
    void malformedJsonWrongTypesDuplicateKeysAndTrailingTokensAreValidationFailed() {
        for (String body : Hostile.malformedJson(
                "query",
                "{\"query\":\"\\ud800\"}",
                "{\"query\":\"a\\udc00b\"}",
                "{\"query\":\"a\",\"knowledgeBaseIds\":[\"not-a-uuid\"]}")) {
            validationFailed(given().auth()
                    .oauth2(owner())
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/v1/search"));
        }
    }

    @Test
    void nonUuidAndNulIdsInPathAndQueryAnswerAProblem() {
        problem(given().auth().oauth2(owner()).get("/api/v1/knowledge-bases/not-a-uuid/evaluations"), 404, "not_found");
        validationFailed(given().auth()
                .oauth2(owner())
                .urlEncodingEnabled(false)
                .get("/api/v1/knowledge-bases/" + UUID.randomUUID() + "/evaluations?limit=%00"));
        // an encoded NUL in the path is refused before routing (400) or matches no route (404): a problem either way
        given().auth()
                .oauth2(owner())
                .urlEncodingEnabled(false)
                .get("/api/v1/knowledge-bases/%00/evaluations")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(404)))
                .contentType(startsWith("application/problem+json"))
                .body("code", org.hamcrest.Matchers.anyOf(equalTo("validation_failed"), equalTo("not_found")));
    }
}
