package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second wall, against the running stack: a user's own token works through the gateway but is refused on the
 * services' ports, where only the gateway's short-lived service tokens are accepted; so spoofed limit headers or a
 * stale role cannot be played against a service reached directly.
 */
class SecondWallIT {
    private static String token;

    @BeforeAll
    static void signUp() {
        Platform.useGateway();
        token = Platform.signup(
                "Second wall", "wall-" + UUID.randomUUID() + "@example.com", "correct horse battery staple");
    }

    @Test
    void usersOwnTokenIsRefusedOnEveryServicePortButWorksThroughTheGateway() {
        // positive control: through the gateway the same token lists knowledge bases, searches, lists conversations
        given().auth().oauth2(token).get("/api/v1/knowledge-bases").then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/conversations").then().statusCode(200);
        for (String url : new String[] {
            "http://127.0.0.1:" + Integer.getInteger("quire.ingestion.port", 8082) + "/api/v1/knowledge-bases",
            "http://127.0.0.1:" + Integer.getInteger("quire.chat.port", 8084) + "/api/v1/conversations",
            "http://127.0.0.1:" + Integer.getInteger("quire.connector.port", 8085) + "/api/v1/connector-types"
        }) {
            given().auth().oauth2(token).get(url).then().statusCode(401);
        }
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("query", "anything"))
                .post("http://127.0.0.1:" + Integer.getInteger("quire.retrieval.port", 8083) + "/api/v1/search")
                .then()
                .statusCode(401);
    }

    @Test
    void spoofedLimitHeadersOnTheIngestionPortGetNoFurtherThanTheToken() {
        String url = "http://127.0.0.1:" + Integer.getInteger("quire.ingestion.port", 8082) + "/api/v1/knowledge-bases/"
                + UUID.randomUUID() + "/documents";
        given().auth()
                .oauth2(token)
                .header("X-Quire-Max-Documents", "1000000")
                .header("X-Quire-Max-Storage-Mb", "1000000")
                .multiPart("file", "a.txt", "hello".getBytes())
                .post(url)
                .then()
                .statusCode(401);
    }

    @Test
    void publicOriginRefusesNonCanonicalTurnPaths() {
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("model", "quire", "messages", java.util.List.of(Map.of("role", "user", "content", "hi"))))
                .post("/v1/chat/completions/")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
    }
}
