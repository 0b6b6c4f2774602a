package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connector is made, and an API key restricted, only into the caller's own knowledge bases: another tenant's, or
 * one that does not exist, is 404 like any foreign object (connector-service asks ingestion-service with the caller's
 * token, tenant-service with the internal secret), and a chat turn is asked only about them: otherwise nothing is
 * stored.
 */
class ForeignKnowledgeBaseIT {
    private static Platform.Tenant a;
    private static Platform.Tenant b;

    @BeforeAll
    static void setUp() {
        Platform.useGateway();
        String admin = Platform.adminToken();
        a = Platform.tenant(admin, "Foreign kb A", "pro");
        b = Platform.tenant(admin, "Foreign kb B", "pro");
    }

    private static Response connector(String token, String kb) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "type",
                        "web",
                        "name",
                        "Into " + kb,
                        "knowledgeBaseId",
                        kb,
                        "config",
                        Map.of("startUrl", "https://example.com/")))
                .post("/api/v1/connectors");
    }

    @Test
    void aConnectorIntoAnotherTenantsOrAnUnknownKnowledgeBaseIsNotFound() {
        String foreign = Ingest.knowledgeBase(a.ownerToken(), "A's handbook");
        for (String kb : new String[] {foreign, UUID.randomUUID().toString()}) {
            connector(b.ownerToken(), kb).then().statusCode(404).body("code", equalTo("not_found"));
        }
        assertListed(b.ownerToken(), "/api/v1/connectors", "items.size()", 0);

        // the positive control: into B's own knowledge base the same request is made
        String own = Ingest.knowledgeBase(b.ownerToken(), "B's handbook");
        String id = connector(b.ownerToken(), own)
                .then()
                .statusCode(201)
                .body("knowledgeBaseId", equalTo(own))
                .extract()
                .path("id");
        given().auth()
                .oauth2(b.ownerToken())
                .delete("/api/v1/connectors/" + id)
                .then()
                .statusCode(204);
    }

    @Test
    void anApiKeyRestrictedToAnotherTenantsOrAnUnknownKnowledgeBaseIsNotFound() {
        String foreign = Ingest.knowledgeBase(a.ownerToken(), "A's key target");
        String own = Ingest.knowledgeBase(b.ownerToken(), "B's key target");
        for (var kbs : List.of(
                List.of(foreign),
                List.of(own, foreign),
                List.of(UUID.randomUUID().toString()))) {
            apiKey(b.ownerToken(), kbs).then().statusCode(404).body("code", equalTo("not_found"));
        }
        assertListed(b.ownerToken(), "/api/v1/api-keys", "items.findAll { it.name == 'narrow' }.size()", 0);

        // the positive control: restricted to B's own knowledge base, the key is made and reads only that one
        String secret = apiKey(b.ownerToken(), List.of(own))
                .then()
                .statusCode(201)
                .body("knowledgeBaseIds", equalTo(List.of(own)))
                .extract()
                .path("secret");
        given().auth()
                .oauth2(secret)
                .get("/api/v1/knowledge-bases/" + own)
                .then()
                .statusCode(200);
        String other = Ingest.knowledgeBase(b.ownerToken(), "B's other handbook");
        for (String outside : new String[] {other, foreign}) {
            given().auth()
                    .oauth2(secret)
                    .get("/api/v1/knowledge-bases/" + outside)
                    .then()
                    .statusCode(404);
        }
    }

    @Test
    void aChatTurnAboutAnotherTenantsOrAnUnknownKnowledgeBaseIsNotFoundAndLeavesNoConversation() {
        String foreign = Ingest.knowledgeBase(a.ownerToken(), "A's chat target");
        String conversation = Chats.conversation(b.ownerToken(), "About A's knowledge base");
        for (String kb : new String[] {foreign, UUID.randomUUID().toString()}) {
            Chats.completion(b.ownerToken(), "quire:kb:" + kb, "What is in it?", true)
                    .then()
                    .statusCode(404)
                    .body("error.code", equalTo("not_found"));
            given().auth()
                    .oauth2(b.ownerToken())
                    .contentType(ContentType.JSON)
                    .body(Map.of("content", "What is in it?", "knowledgeBaseIds", List.of(kb)))
                    .post("/api/v1/conversations/" + conversation + "/messages")
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("not_found"));
        }
        assertListed(b.ownerToken(), "/api/v1/conversations", "items.size()", 1);
        assertListed(b.ownerToken(), "/api/v1/conversations/" + conversation, "messages.size()", 0);

        // the positive control: about B's own (empty) knowledge base the same request is answered and kept
        String own = Ingest.knowledgeBase(b.ownerToken(), "B's chat target");
        Chats.completion(b.ownerToken(), "quire:kb:" + own, "What is in it?", false)
                .then()
                .statusCode(200)
                .body("object", equalTo("chat.completion"));
        assertListed(b.ownerToken(), "/api/v1/conversations", "items.size()", 2);
    }

    private static void assertListed(String token, String path, String count, int expected) {
        given().auth().oauth2(token).get(path).then().statusCode(200).body(count, equalTo(expected));
    }

    private static Response apiKey(String token, List<String> kbs) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "narrow", "scopes", List.of("read"), "knowledgeBaseIds", kbs))
                .post("/api/v1/api-keys");
    }
}
