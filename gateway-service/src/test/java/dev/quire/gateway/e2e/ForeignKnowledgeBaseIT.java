package dev.quire.gateway.e2e;

import static org.hamcrest.Matchers.equalTo;

import dev.quire.platform.testing.Bearer;
import io.restassured.response.ValidatableResponse;
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

    private static ValidatableResponse connector(String token, String kb) {
        return Bearer.postJson(
                token,
                "/api/v1/connectors",
                Map.of(
                        "type",
                        "web",
                        "name",
                        "Into " + kb,
                        "knowledgeBaseId",
                        kb,
                        "config",
                        Map.of("startUrl", "https://example.com/")));
    }

    @Test
    void aConnectorIntoAnotherTenantsOrAnUnknownKnowledgeBaseIsNotFound() {
        String foreign = Ingest.knowledgeBase(a.ownerToken(), "A's handbook");
        for (String kb : new String[] {foreign, UUID.randomUUID().toString()}) {
            connector(b.ownerToken(), kb).statusCode(404).body("code", equalTo("not_found"));
        }
        assertListed(b.ownerToken(), "/api/v1/connectors", "items.size()", 0);

        // the positive control: into B's own knowledge base the same request is made
        String own = Ingest.knowledgeBase(b.ownerToken(), "B's handbook");
        String id = connector(b.ownerToken(), own)
                .statusCode(201)
                .body("knowledgeBaseId", equalTo(own))
                .extract()
                .path("id");
        Bearer.delete(b.ownerToken(), "/api/v1/connectors/" + id).statusCode(204);
    }

    @Test
    void anApiKeyRestrictedToAnotherTenantsOrAnUnknownKnowledgeBaseIsNotFound() {
        String foreign = Ingest.knowledgeBase(a.ownerToken(), "A's key target");
        String own = Ingest.knowledgeBase(b.ownerToken(), "B's key target");
        for (var kbs : List.of(
                List.of(foreign),
                List.of(own, foreign),
                List.of(UUID.randomUUID().toString()))) {
            apiKey(b.ownerToken(), kbs).statusCode(404).body("code", equalTo("not_found"));
        }
        assertListed(b.ownerToken(), "/api/v1/api-keys", "items.findAll { it.name == 'narrow' }.size()", 0);

        // the positive control: restricted to B's own knowledge base, the key is made and reads only that one
        String secret = apiKey(b.ownerToken(), List.of(own))
                .statusCode(201)
                .body("knowledgeBaseIds", equalTo(List.of(own)))
                .extract()
                .path("secret");
        Bearer.get(secret, "/api/v1/knowledge-bases/" + own).statusCode(200);
        String other = Ingest.knowledgeBase(b.ownerToken(), "B's other handbook");
        for (String outside : new String[] {other, foreign}) {
            Bearer.get(secret, "/api/v1/knowledge-bases/" + outside).statusCode(404);
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
            Bearer.postJson(
                            b.ownerToken(),
                            "/api/v1/conversations/" + conversation + "/messages",
                            Map.of("content", "What is in it?", "knowledgeBaseIds", List.of(kb)))
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
        Bearer.get(token, path).statusCode(200).body(count, equalTo(expected));
    }

    private static ValidatableResponse apiKey(String token, List<String> kbs) {
        return Bearer.postJson(
                token,
                "/api/v1/api-keys",
                Map.of("name", "narrow", "scopes", List.of("read"), "knowledgeBaseIds", kbs));
    }
}
