package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.Bearer;
import dev.quire.platform.testing.Uploads;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix of docs/SECURITY.md through the gateway, against all services: every route × role on
 * the caller's own objects gives its expected status, and every route on another tenant's objects is 404 for every
 * role — not one cross-tenant 2xx.
 */
class AuthorizationMatrixIT {
    private static final List<String> ROLES = List.of("owner", "admin", "member", "viewer");
    private static final Map<String, String> tokens = new LinkedHashMap<>();
    private static String ownKb;
    private static String foreignKb;
    private static String foreignConversation;
    private static String foreignUser;
    private static String foreignKey;
    private static String foreignDocument;
    private static String ownDocument;
    private static String ownJob;
    private static String foreignJob;

    /** One route, its body, and the status expected per role (owner, admin, member, viewer). */
    record Case(String method, String path, Object body, int... expected) {}

    @BeforeAll
    static void setUp() {
        Platform.useGateway();
        String admin = Platform.adminToken();
        var a = Platform.tenant(admin, "Matrix A", "pro");
        var b = Platform.tenant(admin, "Matrix B", "pro");
        for (String role : ROLES) {
            tokens.put(role, role.equals("owner") ? a.ownerToken() : Platform.user(a.ownerToken(), role));
        }
        ownKb = Ingest.knowledgeBase(a.ownerToken(), "own");
        foreignKb = Ingest.knowledgeBase(b.ownerToken(), "foreign");
        foreignConversation = Chats.conversation(b.ownerToken(), "foreign");
        foreignKey = Platform.apiKey(b.ownerToken(), Map.of("name", "foreign"))
                .extract()
                .path("id");
        foreignUser = given().auth()
                .oauth2(b.ownerToken())
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        foreignDocument = Uploads.accepted(
                Bearer.as(b.ownerToken())
                        .multiPart("file", "secret.txt", "the foreign secret".getBytes(), "text/plain"),
                foreignKb);
        ownDocument = Uploads.accepted(
                Bearer.as(a.ownerToken())
                        .multiPart("file", "own.txt", ("our own text " + UUID.randomUUID()).getBytes(), "text/plain")
                        .multiPart("tags", "matrix"),
                ownKb);
        ownJob = bulk(a.ownerToken(), ownKb, ownDocument);
        foreignJob = bulk(b.ownerToken(), foreignKb, foreignDocument);
        // the text preview exists once the worker has parsed the file
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .until(() -> given().auth()
                                .oauth2(a.ownerToken())
                                .get("/api/v1/documents/" + ownDocument + "/text")
                                .statusCode()
                        == 200);
    }

    private static String bulk(String token, String kb, String doc) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("action", "tag", "documentIds", List.of(doc), "tags", List.of("bulk")))
                .post("/api/v1/knowledge-bases/" + kb + "/documents/bulk")
                .then()
                .statusCode(202)
                .extract()
                .path("jobId");
    }

    private static int call(String token, Case c) {
        var req = given().auth().oauth2(token);
        if (c.body() != null) {
            req = req.contentType(ContentType.JSON).body(c.body());
        }
        return req.request(c.method(), c.path()).then().extract().statusCode();
    }

    private static List<Case> own() {
        return List.of(
                new Case("GET", "/api/v1/tenant", null, 200, 200, 200, 200),
                new Case("GET", "/api/v1/knowledge-bases", null, 200, 200, 200, 200),
                new Case("GET", "/api/v1/knowledge-bases/" + ownKb, null, 200, 200, 200, 200),
                new Case("GET", "/api/v1/knowledge-bases/" + ownKb + "/documents", null, 200, 200, 200, 200),
                new Case("POST", "/api/v1/knowledge-bases", Map.of("name", "x"), 201, 201, 403, 403),
                new Case(
                        "POST",
                        "/api/v1/search",
                        Map.of("query", "x", "knowledgeBaseIds", List.of(ownKb)),
                        200,
                        200,
                        200,
                        200),
                new Case("GET", "/api/v1/users", null, 200, 200, 403, 403),
                new Case(
                        "POST",
                        "/api/v1/users",
                        Map.of(
                                "email",
                                "x-" + UUID.randomUUID() + "@example.com",
                                "role",
                                "viewer",
                                "password",
                                Platform.PASSWORD),
                        201,
                        201,
                        403,
                        403),
                new Case("GET", "/api/v1/api-keys", null, 200, 200, 200, 200),
                new Case(
                        "POST", "/api/v1/api-keys", Map.of("name", "k", "scopes", List.of("read")), 201, 201, 201, 201),
                new Case("GET", "/api/v1/usage", null, 200, 200, 200, 200),
                new Case("GET", "/api/v1/audit-events", null, 200, 200, 403, 403),
                new Case("PUT", "/api/v1/tenant/plan", Map.of("plan", "pro"), 200, 403, 403, 403),
                new Case("GET", "/api/v1/admin/tenants", null, 403, 403, 403, 403),
                new Case("POST", "/api/v1/admin/signing-keys/rotate", null, 403, 403, 403, 403),
                new Case("GET", "/api/v1/conversations", null, 200, 200, 200, 200),
                new Case("POST", "/api/v1/conversations", Map.of("title", "t"), 201, 201, 201, 403),
                new Case("GET", "/api/v1/connector-types", null, 200, 200, 200, 200),
                new Case("GET", "/api/v1/documents/" + ownDocument, null, 200, 200, 200, 200),
                new Case("GET", "/api/v1/documents/" + ownDocument + "/content", null, 200, 200, 200, 200),
                new Case("GET", "/api/v1/documents/" + ownDocument + "/text", null, 200, 200, 200, 200),
                new Case(
                        "GET",
                        "/api/v1/knowledge-bases/" + ownKb + "/documents?tag=matrix&q=own",
                        null,
                        200,
                        200,
                        200,
                        200),
                new Case("GET", "/api/v1/tags", null, 200, 200, 200, 200),
                new Case("GET", "/api/v1/jobs/" + ownJob, null, 200, 200, 200, 200),
                new Case("POST", "/api/v1/documents/" + ownDocument + "/reprocess", null, 202, 202, 202, 403),
                new Case(
                        "POST",
                        "/api/v1/knowledge-bases/" + ownKb + "/documents/bulk",
                        Map.of("action", "tag", "documentIds", List.of(ownDocument), "tags", List.of("m")),
                        202,
                        202,
                        202,
                        403),
                new Case(
                        "POST",
                        "/api/v1/knowledge-bases/" + ownKb + "/documents/bulk",
                        Map.of(
                                "action",
                                "delete",
                                "documentIds",
                                List.of(UUID.randomUUID().toString())),
                        202,
                        202,
                        403,
                        403));
    }

    private static List<Case> foreign() {
        return List.of(
                new Case("GET", "/api/v1/knowledge-bases/" + foreignKb, null),
                new Case("GET", "/api/v1/knowledge-bases/" + foreignKb + "/documents", null),
                new Case("DELETE", "/api/v1/knowledge-bases/" + foreignKb, null),
                new Case("GET", "/api/v1/knowledge-bases/" + foreignKb + "/evaluations", null),
                new Case("GET", "/api/v1/documents/" + foreignDocument, null),
                new Case("DELETE", "/api/v1/documents/" + foreignDocument, null),
                new Case("GET", "/api/v1/documents/" + foreignDocument + "/content", null),
                new Case("GET", "/api/v1/documents/" + foreignDocument + "/text", null),
                new Case("POST", "/api/v1/documents/" + foreignDocument + "/reprocess", null),
                new Case("GET", "/api/v1/knowledge-bases/" + foreignKb + "/events", null),
                new Case(
                        "POST",
                        "/api/v1/knowledge-bases/" + foreignKb + "/documents/bulk",
                        Map.of("action", "delete", "documentIds", List.of(foreignDocument))),
                new Case("GET", "/api/v1/jobs/" + foreignJob, null),
                new Case(
                        "POST",
                        "/api/v1/search",
                        Map.of("query", "foreign secret", "knowledgeBaseIds", List.of(foreignKb))),
                new Case("GET", "/api/v1/conversations/" + foreignConversation, null),
                new Case("PATCH", "/api/v1/conversations/" + foreignConversation, Map.of("title", "mine")),
                new Case("DELETE", "/api/v1/conversations/" + foreignConversation, null),
                new Case(
                        "POST",
                        "/api/v1/conversations/" + foreignConversation + "/messages",
                        Map.of("content", "hello")),
                new Case("PATCH", "/api/v1/users/" + foreignUser, Map.of("role", "viewer")),
                new Case("DELETE", "/api/v1/users/" + foreignUser, null),
                new Case("DELETE", "/api/v1/api-keys/" + foreignKey, null));
    }

    @Test
    void everyRoleGetsItsExpectedStatusOnOwnObjectsAndNotFoundOnForeignOnes() {
        var failures = new ArrayList<String>();
        int crossTenant2xx = 0;
        int checked = 0;
        for (int r = 0; r < ROLES.size(); r++) {
            String role = ROLES.get(r);
            for (Case c : own()) {
                int status = call(tokens.get(role), c);
                checked++;
                if (status != c.expected()[r]) {
                    failures.add(role + " " + c.method() + " " + c.path() + ": " + status + " (want " + c.expected()[r]
                            + ")");
                }
            }
            for (Case c : foreign()) {
                int status = call(tokens.get(role), c);
                checked++;
                if (status / 100 == 2) {
                    crossTenant2xx++;
                }
                if (status != 404) {
                    failures.add(role + " foreign " + c.method() + " " + c.path() + ": " + status + " (want 404)");
                }
            }
        }
        System.out.printf("[matrix] %d route x role checks, %d cross-tenant 2xx%n", checked, crossTenant2xx);
        assertEquals(0, crossTenant2xx, "cross-tenant 2xx: " + failures);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
