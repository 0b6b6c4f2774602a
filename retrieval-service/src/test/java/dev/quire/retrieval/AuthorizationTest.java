package dev.quire.retrieval;

import static dev.quire.platform.testing.AccessTable.ALL_SCOPES;
import static dev.quire.platform.testing.AccessTable.ROLES;
import static dev.quire.platform.testing.AccessTable.addOwnerKeyPerScope;
import static dev.quire.platform.testing.AccessTable.addUserAndKeyPerRole;
import static dev.quire.platform.testing.AccessTable.assertEveryRow;
import static dev.quire.retrieval.Events.publish;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.platform.testing.AccessTable.Row;
import dev.quire.platform.testing.Tokens;
import dev.quire.retrieval.search.QueryEmbedder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Route × role × API-key scope and knowledge bases → status; an API key searches only its knowledge bases. */
@QuarkusTest
class AuthorizationTest {
    private static final String SECRET = "test-internal-secret-never-in-production";

    @Inject
    QueryEmbedder embedder;

    /** The retrieval routes, each with what a user of the tenant in each role (or that role's all-scope key) gets. */
    enum Route {
        SEARCH(200, 200, 200, 200),
        SEARCH_FROM_CHAT_AGENT(200, 200, 200, 200),
        RUN_EVALUATION(403, 403, 201, 201),
        LIST_EVALUATIONS(200, 200, 200, 200);

        /** The statuses of viewer, member, admin and owner ({@link dev.quire.platform.testing.AccessTable#ROLES}). */
        final int[] byRole;

        Route(int... byRole) {
            this.byRole = byRole;
        }
    }

    private final UUID tenantA = UUID.randomUUID();
    private final UUID tenantB = UUID.randomUUID();
    private final UUID kb1 = UUID.randomUUID();
    private final UUID kb2 = UUID.randomUUID();
    private final UUID doc1 = UUID.randomUUID();
    private final UUID doc2 = UUID.randomUUID();
    private final String marker = "quokka" + UUID.randomUUID().toString().substring(0, 6);

    private void indexTwoKnowledgeBases() throws Exception {
        publish(chunked(kb1, doc1, "The " + marker + " handbook, first edition."));
        publish(chunked(kb2, doc2, "The " + marker + " handbook, second edition."));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> search(Tokens.of(tenantA, "owner"), Map.of("query", marker, "mode", "keyword"))
                        .then()
                        .statusCode(200)
                        .body("results.size()", equalTo(2)));
    }

    private DocumentChunked chunked(UUID kb, UUID doc, String text) {
        var chunk = new ChunkPayload(doc + "-1-0", 0, text, embedder.embed(text), 1, "Intro", 12);
        return Events.wholeDocument(tenantA, kb, doc, 1, doc + ".txt", List.of(chunk), "english", List.of());
    }

    private static Response search(String token, Map<String, Object> body) {
        return Search.as(token, body);
    }

    private Response call(Route route, String token) {
        var req = given().auth().oauth2(token);
        return switch (route) {
            case SEARCH -> search(token, Map.of("query", marker, "mode", "keyword"));
            case SEARCH_FROM_CHAT_AGENT -> req.header("X-Quire-Internal-Secret", SECRET)
                    .contentType(ContentType.JSON)
                    .body(Map.of("query", marker, "mode", "keyword"))
                    .post("/api/v1/search");
            case RUN_EVALUATION -> req.contentType(ContentType.JSON)
                    .body(Map.of(
                            "name",
                            "authz",
                            "modes",
                            List.of("keyword"),
                            "items",
                            List.of(Map.of("question", marker, "expectedDocumentIds", List.of(doc1.toString())))))
                    .post("/api/v1/knowledge-bases/" + kb1 + "/evaluations");
            case LIST_EVALUATIONS -> req.get("/api/v1/knowledge-bases/" + kb1 + "/evaluations");
        };
    }

    private List<Row<Route>> table() {
        var rows = new ArrayList<Row<Route>>();
        addUserAndKeyPerRole(rows, Route.values(), tenantA, r -> r.byRole);
        // a platform operator has no role in a tenant's knowledge
        for (Route r : Route.values()) {
            rows.add(new Row<>(r, "platform-admin", Tokens.of(tenantA, "platform-admin"), 403));
        }
        // another tenant's knowledge base is not found for running or listing evaluations, whatever the role
        for (String role : ROLES) {
            rows.add(new Row<>(Route.LIST_EVALUATIONS, "foreign " + role, Tokens.of(tenantB, role), 404));
            rows.add(new Row<>(Route.RUN_EVALUATION, "foreign " + role, Tokens.of(tenantB, role), 404));
            rows.add(new Row<>(
                    Route.RUN_EVALUATION,
                    "foreign " + role + " key",
                    Tokens.key(tenantB, role, ALL_SCOPES, null),
                    404));
        }
        // an owner's key allows only its scopes; chat-agent's call (internal secret) accepts the chat scope too
        Map<String, int[]> byScope = new HashMap<>(); // in Route order
        byScope.put("search", new int[] {200, 200, 403, 403});
        byScope.put("chat", new int[] {403, 200, 403, 403});
        byScope.put("read", new int[] {403, 403, 403, 200});
        byScope.put("admin", new int[] {403, 403, 201, 403});
        byScope.put("upload", new int[] {403, 403, 403, 403});
        addOwnerKeyPerScope(rows, Route.values(), tenantA, byScope);
        // the scope never lifts the role
        rows.add(new Row<>(
                Route.RUN_EVALUATION,
                "member key [admin]",
                Tokens.key(tenantA, "member", List.of("admin"), null),
                403));
        // a key limited to another knowledge base does not find this one
        String elsewhere = Tokens.key(tenantA, "owner", ALL_SCOPES, List.of(kb2));
        rows.add(new Row<>(Route.RUN_EVALUATION, "owner key [kb2]", elsewhere, 404));
        rows.add(new Row<>(Route.LIST_EVALUATIONS, "owner key [kb2]", elsewhere, 404));
        return rows;
    }

    @Test
    void everyRouteAnswersPerRoleScopeAndKnowledgeBaseTable() throws Exception {
        indexTwoKnowledgeBases();
        assertEveryRow(table(), row -> call(row.route(), row.token()));
    }

    @Test
    void keyLimitedToKnowledgeBasesSearchesOnlyThose() throws Exception {
        indexTwoKnowledgeBases();
        String onlyKb1 = Tokens.key(tenantA, "viewer", List.of("search"), List.of(kb1));
        search(onlyKb1, Map.of("query", marker, "mode", "keyword"))
                .then()
                .statusCode(200)
                .body("results.size()", equalTo(1))
                .body("results.knowledgeBaseId", everyItem(equalTo(kb1.toString())));
        search(onlyKb1, Map.of("query", marker, "mode", "hybrid"))
                .then()
                .statusCode(200)
                .body("results.knowledgeBaseId", everyItem(equalTo(kb1.toString())));
        // a document of another knowledge base stays out of reach even by its id
        search(onlyKb1, Map.of("query", marker, "mode", "keyword", "documentIds", List.of(doc2)))
                .then()
                .statusCode(200)
                .body("results.size()", equalTo(0));
        for (var asked : List.of(List.of(kb2), List.of(kb1, kb2))) {
            search(onlyKb1, Map.of("query", marker, "knowledgeBaseIds", asked))
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("not_found"));
        }
        search(onlyKb1, Map.of("query", marker, "mode", "keyword", "knowledgeBaseIds", List.of(kb1)))
                .then()
                .statusCode(200)
                .body("results.size()", equalTo(1));
        // a key limited to no knowledge base finds nothing rather than everything
        search(Tokens.key(tenantA, "viewer", List.of("search"), List.of()), Map.of("query", marker, "mode", "keyword"))
                .then()
                .statusCode(200)
                .body("results.size()", equalTo(0));
        // the same knowledge bases named by another tenant are not found (never an empty 200)
        search(Tokens.of(tenantB, "owner"), Map.of("query", marker, "knowledgeBaseIds", List.of(kb1, kb2)))
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void chatScopeNeedsTheRightInternalSecret() {
        String chatKey = Tokens.key(tenantA, "member", List.of("chat"), null);
        given().auth()
                .oauth2(chatKey)
                .header("X-Quire-Internal-Secret", "not-the-secret")
                .contentType(ContentType.JSON)
                .body(Map.of("query", "anything", "mode", "keyword"))
                .post("/api/v1/search")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }
}
