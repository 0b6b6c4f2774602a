package dev.quire.ingestion;

import static dev.quire.platform.testing.AccessTable.ALL_SCOPES;
import static dev.quire.platform.testing.AccessTable.ROLES;
import static dev.quire.platform.testing.AccessTable.addOwnerKeyPerScope;
import static dev.quire.platform.testing.AccessTable.addUserAndKey;
import static dev.quire.platform.testing.AccessTable.addUserAndKeyPerRole;
import static dev.quire.platform.testing.AccessTable.assertEveryRow;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.AccessTable.Row;
import dev.quire.platform.testing.Bearer;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/** Route × role × API-key scope and knowledge bases → status, and the audit events of knowledge changes. */
@QuarkusTest
class AuthorizationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The knowledge routes, each called against a knowledge base and a document in it, with what a user of tenant A in
     * each role (or that role's key holding every scope: it behaves the same) gets.
     */
    enum Route {
        LIST_KBS(false, 200, 200, 200, 200),
        CREATE_KB(false, 403, 403, 201, 201),
        GET_KB(false, 200, 200, 200, 200),
        LIST_DOCS(false, 200, 200, 200, 200),
        UPLOAD(false, 403, 202, 202, 202),
        GET_DOC(false, 200, 200, 200, 200),
        DELETE_DOC(true, 403, 403, 202, 202),
        DELETE_KB(true, 403, 403, 204, 204);

        /** Whether a success destroys the fixture, so each call gets its own. */
        final boolean destructive;

        /** The statuses of viewer, member, admin and owner ({@link dev.quire.platform.testing.AccessTable#ROLES}). */
        final int[] byRole;

        Route(boolean destructive, int... byRole) {
            this.destructive = destructive;
            this.byRole = byRole;
        }
    }

    /** A knowledge base of tenant A and a document in it. */
    record Fixture(String kb, String doc) {}

    private final UUID tenantA = UUID.randomUUID();
    private final UUID tenantB = UUID.randomUUID();
    private final String ownerA = Tokens.of(tenantA, "owner");

    private Fixture fixture() {
        String kb = Bearer.postJson(ownerA, "/api/v1/knowledge-bases", Map.of("name", "Fixture"))
                .statusCode(201)
                .extract()
                .path("id");
        String doc = upload(ownerA, kb).then().statusCode(202).extract().path("items[0].id");
        return new Fixture(kb, doc);
    }

    private static Response upload(String token, String kb) {
        return Bearer.as(token)
                .multiPart("file", "note.txt", ("fixture text " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/knowledge-bases/" + kb + "/documents");
    }

    private static Response call(Route route, String token, Fixture f) {
        var req = Bearer.as(token);
        return switch (route) {
            case LIST_KBS -> req.get("/api/v1/knowledge-bases");
            case CREATE_KB -> req.contentType(ContentType.JSON)
                    .body(Map.of("name", "New"))
                    .post("/api/v1/knowledge-bases");
            case GET_KB -> req.get("/api/v1/knowledge-bases/" + f.kb());
            case LIST_DOCS -> req.get("/api/v1/knowledge-bases/" + f.kb() + "/documents");
            case UPLOAD -> upload(token, f.kb());
            case GET_DOC -> req.get("/api/v1/documents/" + f.doc());
            case DELETE_DOC -> req.delete("/api/v1/documents/" + f.doc());
            case DELETE_KB -> req.delete("/api/v1/knowledge-bases/" + f.kb());
        };
    }

    private List<Row<Route>> table() {
        var rows = new ArrayList<Row<Route>>();
        // the same role with an API key holding every scope behaves the same
        addUserAndKeyPerRole(rows, Route.values(), tenantA, r -> r.byRole);
        // another tenant's objects are not found, whatever the role
        for (Route r : Route.values()) {
            if (r != Route.LIST_KBS && r != Route.CREATE_KB) {
                for (String role : ROLES) {
                    addUserAndKey(rows, r, "foreign " + role, tenantB, role, 404);
                }
            }
        }
        // an owner's key allows only its scopes
        Map<String, int[]> byScope = new HashMap<>(); // in Route order
        byScope.put("read", new int[] {200, 403, 200, 200, 403, 200, 403, 403});
        byScope.put("upload", new int[] {403, 403, 403, 403, 202, 403, 403, 403});
        byScope.put("admin", new int[] {403, 201, 403, 403, 403, 403, 202, 204});
        byScope.put("search", new int[] {403, 403, 403, 403, 403, 403, 403, 403});
        addOwnerKeyPerScope(rows, Route.values(), tenantA, byScope);
        // the scope never lifts the role: a member's admin-scoped key cannot manage knowledge
        for (Route r : List.of(Route.CREATE_KB, Route.DELETE_DOC, Route.DELETE_KB)) {
            rows.add(new Row<>(r, "member key [admin]", Tokens.key(tenantA, "member", List.of("admin"), null), 403));
        }
        // a key limited to other knowledge bases does not find this one
        String elsewhere = Tokens.key(tenantA, "owner", ALL_SCOPES, List.of(UUID.randomUUID()));
        for (Route r : Route.values()) {
            int expected =
                    switch (r) {
                        case LIST_KBS -> 200;
                        case CREATE_KB -> 403; // a new knowledge base would be outside its list: it reaches the tenant
                        default -> 404;
                    };
            rows.add(new Row<>(r, "owner key [other kb]", elsewhere, expected));
        }
        return rows;
    }

    @Test
    void everyRouteAnswersPerRoleScopeAndKnowledgeBaseTable() {
        Fixture shared = fixture();
        // only an allowed destructive call uses up its fixture
        assertEveryRow(
                table(),
                row -> call(
                        row.route(), row.token(), row.route().destructive && row.status() < 300 ? fixture() : shared));
    }

    @Test
    void keyLimitedToKnowledgeBasesListsAndReachesOnlyThose() {
        Fixture mine = fixture();
        Fixture other = fixture();
        String key = Tokens.key(tenantA, "member", List.of("read", "upload"), List.of(mine.kb()));
        Bearer.get(key, "/api/v1/knowledge-bases?limit=200")
                .statusCode(200)
                .body("items.id", hasItem(mine.kb()))
                .body("items.id", not(hasItem(other.kb())))
                .body("items.size()", equalTo(1));
        Bearer.get(key, "/api/v1/documents/" + mine.doc()).statusCode(200);
        upload(key, mine.kb()).then().statusCode(202);
        upload(key, other.kb()).then().statusCode(404).body("code", equalTo("not_found"));
        Bearer.get(key, "/api/v1/documents/" + other.doc()).statusCode(404);
        // the owner's own token still sees both
        Bearer.get(ownerA, "/api/v1/knowledge-bases?limit=200").statusCode(200).body("items.id", hasItem(other.kb()));
        // a new knowledge base would be outside its list the moment it was made: not even an admin key makes one
        String adminKey = Tokens.key(tenantA, "admin", List.of("read", "admin"), List.of(mine.kb()));
        for (String token : List.of(adminKey, Tokens.key(tenantA, "admin", List.of("read", "admin"), null))) {
            Bearer.postJson(token, "/api/v1/knowledge-bases", Map.of("name", "made by a key"))
                    .statusCode(token.equals(adminKey) ? 403 : 201);
        }
    }

    @Test
    void knowledgeChangesAreAuditedWithTheActorAndDeletionsReachRetrieval() throws Exception {
        UUID apiKeyId = UUID.randomUUID();
        String key = Tokens.key(tenantA, UUID.randomUUID(), apiKeyId, "admin", List.of("admin", "upload"), null);
        try (var consumer = consumer()) {
            consumer.subscribe(List.of(TestKafka.topic("audit.recorded"), TestKafka.topic("document.deleted")));
            String kb = Bearer.as(key)
                    .header("X-Forwarded-For", "203.0.113.9, 10.0.0.1")
                    .contentType(ContentType.JSON)
                    .body(Map.of("name", "Audited"))
                    .post("/api/v1/knowledge-bases")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            String doc = upload(key, kb).then().statusCode(202).extract().path("items[0].id");
            Bearer.post(key, "/api/v1/documents/" + doc + "/reprocess").statusCode(202);
            Bearer.delete(key, "/api/v1/documents/" + doc).statusCode(202);
            Bearer.get(ownerA, "/api/v1/documents/" + doc).statusCode(404);
            Bearer.delete(ownerA, "/api/v1/knowledge-bases/" + kb).statusCode(204);
            Bearer.get(ownerA, "/api/v1/knowledge-bases/" + kb).statusCode(404);

            Map<String, JsonNode> audits = new HashMap<>();
            List<JsonNode> deletions = new ArrayList<>();
            Instant end = Instant.now().plusSeconds(60);
            while ((audits.size() < 5 || deletions.size() < 2) && Instant.now().isBefore(end)) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode n = JSON.readTree(r.value());
                    if (!tenantA.toString().equals(n.path("tenantId").asText())) {
                        continue;
                    }
                    if (r.topic().equals(TestKafka.topic("audit.recorded"))) {
                        audits.put(
                                n.get("action").asText() + " "
                                        + n.get("resourceId").asText(),
                                n);
                    } else {
                        deletions.add(n);
                    }
                }
            }
            JsonNode created = audits.get("knowledge-base.create " + kb);
            assertNotNull(created, "create audited: " + audits.keySet());
            assertEquals(apiKeyId.toString(), created.at("/actor/apiKeyId").asText());
            assertEquals("success", created.get("outcome").asText());
            assertEquals("knowledge-base", created.get("resourceType").asText());
            assertEquals("203.0.113.9", created.get("ip").asText());
            JsonNode uploaded = audits.get("document.upload " + doc);
            assertNotNull(uploaded, "upload audited: " + audits.keySet());
            assertEquals(apiKeyId.toString(), uploaded.at("/actor/apiKeyId").asText());
            assertEquals("document", uploaded.get("resourceType").asText());
            assertEquals("success", uploaded.get("outcome").asText());
            assertEquals(kb, uploaded.at("/detail/knowledgeBaseId").asText());
            assertEquals("note.txt", uploaded.at("/detail/filename").asText());
            JsonNode reprocessed = audits.get("document.reprocess " + doc);
            assertNotNull(reprocessed, "reprocess audited: " + audits.keySet());
            assertEquals(apiKeyId.toString(), reprocessed.at("/actor/apiKeyId").asText());
            JsonNode docDeleted = audits.get("document.delete " + doc);
            assertNotNull(docDeleted, "document delete audited: " + audits.keySet());
            assertEquals(apiKeyId.toString(), docDeleted.at("/actor/apiKeyId").asText());
            JsonNode kbDeleted = audits.get("knowledge-base.delete " + kb);
            assertNotNull(kbDeleted, "knowledge base delete audited: " + audits.keySet());
            assertNull(kbDeleted.at("/actor/apiKeyId").textValue(), "a user token acts as the user");
            assertEquals(36, kbDeleted.at("/actor/userId").asText().length());

            var byDocument = deletions.stream()
                    .filter(n -> doc.equals(n.path("documentId").asText()))
                    .toList();
            assertEquals(1, byDocument.size(), "one document.deleted for the document");
            assertEquals(2, byDocument.get(0).get("version").asInt(), "the version the reprocess queued");
            var byKb = deletions.stream()
                    .filter(n -> !n.hasNonNull("documentId")
                            && kb.equals(n.path("knowledgeBaseId").asText()))
                    .toList();
            assertEquals(1, byKb.size(), "one document.deleted for the knowledge base");
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        return TestKafka.consumer(System.getProperty("kafka", "127.0.0.1:9092"), "earliest");
    }
}
