package dev.quire.tenant;

import static dev.quire.tenant.Api.as;
import static dev.quire.tenant.Api.createKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiKeyTest {

    @Test
    void secretIsShownOnceAndStoredOnlyAsAHash() throws Exception {
        var owner = Api.signup();
        var key = createKey(owner.token(), Map.of("name", "ci"));
        String secret = key.getString("secret");
        assertTrue(secret.startsWith("qk_") && secret.length() == 46, secret);
        assertEquals(secret.substring(0, 10), key.getString("prefix"));
        assertEquals(List.of("read", "search", "chat"), key.getList("scopes"));
        as(owner.token())
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("items.prefix", hasItem(secret.substring(0, 10)))
                .body("items.secret", not(hasItem(notNullValue())))
                .body("items[0].lastUsedAt", nullValue());
        try (var c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/quire_test?currentSchema=tenant",
                        "quire_tenant",
                        System.getenv("QUIRE_TENANT_DB_PASSWORD"));
                var ps = c.prepareStatement("select secret_hash from api_keys where id = ?::uuid")) {
            // api_keys has row-level security (V6): the read runs in the owner's tenant, as the service's do
            c.setAutoCommit(false);
            try (var wall = c.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                wall.setString(1, owner.tenantId().toString());
                wall.execute();
            }
            ps.setString(1, key.getString("id"));
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next());
                String stored = rs.getString(1);
                assertFalse(stored.contains(secret.substring(3)));
                assertEquals(64, stored.length());
            }
        }
    }

    @Test
    void exchangeYieldsAShortInternalTokenWithKeyClaims() throws Exception {
        var owner = Api.signup();
        String kb = FakeIngestion.own(owner.tenantId(), UUID.randomUUID()).toString();
        var key = createKey(
                owner.token(),
                Map.of("name", "bot", "scopes", List.of("read", "search"), "knowledgeBaseIds", List.of(kb)));
        var ex = Api.exchangingKey(key.getString("secret"))
                .then()
                .statusCode(200)
                .body("expiresIn", lessThanOrEqualTo(300))
                .body("tenantId", equalTo(owner.tenantId().toString()))
                .body("userId", equalTo(owner.userId().toString()))
                .body("apiKeyId", equalTo(key.getString("id")))
                .extract()
                .jsonPath();
        var claims = Api.claims(ex.getString("accessToken"));
        assertEquals(key.getString("id"), claims.get("api_key_id").asText());
        assertEquals("read", claims.get("scope").get(0).asText());
        assertEquals(2, claims.get("scope").size());
        assertEquals(kb, claims.get("kb_ids").get(0).asText());
        assertEquals("owner", claims.get("groups").get(0).asText());
        assertTrue(claims.get("exp").asLong() - claims.get("iat").asLong() <= 300);
        // the internal token is a valid Quire token; its scopes bound what it may do here too
        as(ex.getString("accessToken")).get("/api/v1/tenant").then().statusCode(200);
        as(ex.getString("accessToken")).get("/api/v1/users").then().statusCode(403);
        as(owner.token())
                .get("/api/v1/api-keys")
                .then()
                .body("items.find { it.id == '" + key.getString("id") + "' }.lastUsedAt", notNullValue());
    }

    /** The Quire token the gateway would exchange the key's secret for. */
    private static String exchanged(String secret) {
        return Api.exchangingKey(secret).then().statusCode(200).extract().path("accessToken");
    }

    @Test
    void aKeyRestrictedToKnowledgeBasesSeesTheirUsageOnlyAndNotTheTenantsAuditLog() throws Exception {
        var owner = Api.signup();
        UUID mine = FakeIngestion.own(owner.tenantId(), UUID.randomUUID());
        UUID other = UUID.randomUUID();
        String tenant = owner.tenantId().toString();
        // the other knowledge base stores more, so it comes first in the tenant's list
        for (UUID kb : List.of(mine, other)) {
            Api.produce(
                    TestKafka.topic("document.ingest-requested"),
                    tenant,
                    DocumentUsageTest.requested(
                            owner.tenantId(), Instant.now(), UUID.randomUUID(), kb, 1, kb == mine ? 100 : 1000));
        }
        String restricted = exchanged(createKey(
                        owner.token(),
                        Map.of(
                                "name",
                                "kb bot",
                                "scopes",
                                List.of("read"),
                                "knowledgeBaseIds",
                                List.of(mine.toString())))
                .getString("secret"));
        String unrestricted = exchanged(createKey(owner.token(), Map.of("name", "all", "scopes", List.of("read")))
                .getString("secret"));

        // the positive control: a key without kb_ids sees both knowledge bases and the audit log
        Api.awaitItems(unrestricted, "/api/v1/usage/knowledge-bases", 2, r -> {});
        as(unrestricted).get("/api/v1/audit-events").then().statusCode(200);
        // ?limit=1: its limit counts its own knowledge bases, not the tenant's larger ones it cannot see
        for (String query : List.of("", "?limit=1")) {
            as(restricted)
                    .get("/api/v1/usage/knowledge-bases" + query)
                    .then()
                    .statusCode(200)
                    .body("items.size()", equalTo(1))
                    .body("items[0].knowledgeBaseId", equalTo(mine.toString()));
        }
        for (String path : List.of("/api/v1/audit-events", "/api/v1/audit-events/actions")) {
            as(restricted).get(path).then().statusCode(403).body("code", equalTo("forbidden"));
        }
    }

    @Test
    void keyRestrictedToAnotherTenantsKnowledgeBaseIsNotFound() {
        var a = Api.signup();
        var b = Api.signup();
        String aKb = FakeIngestion.own(a.tenantId(), UUID.randomUUID()).toString();
        String bKb = FakeIngestion.own(b.tenantId(), UUID.randomUUID()).toString();
        for (var kbs : List.of(
                List.of(aKb), List.of(bKb, aKb), List.of(UUID.randomUUID().toString()))) {
            Api.creatingKey(b.token(), Map.of("name", "narrow", "scopes", List.of("read"), "knowledgeBaseIds", kbs))
                    .statusCode(404)
                    .body("code", equalTo("not_found"));
        }
        as(b.token()).get("/api/v1/api-keys").then().statusCode(200).body("items.size()", equalTo(0));
        var many = new java.util.ArrayList<String>();
        for (int i = 0; i <= dev.quire.contracts.api.KnowledgeBaseIds.MAX; i++) {
            many.add(UUID.randomUUID().toString());
        }
        Api.creatingKey(b.token(), Map.of("name", "wide", "knowledgeBaseIds", many))
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        // its own knowledge base (named twice: kept once) is accepted
        var own = createKey(
                b.token(), Map.of("name", "narrow", "scopes", List.of("read"), "knowledgeBaseIds", List.of(bKb, bKb)));
        assertEquals(List.of(bKb), own.getList("knowledgeBaseIds"));
        as(b.token()).get("/api/v1/api-keys").then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void aRestrictionThatCannotBeCheckedWhileIngestionIsDownIsBadGatewayAndStoresNothing() {
        var owner = Api.signup();
        String kb = FakeIngestion.own(owner.tenantId(), UUID.randomUUID()).toString();
        Map<String, Object> body = Map.of("name", "narrow", "knowledgeBaseIds", List.of(kb));
        FakeIngestion.whileDown(() ->
                Api.creatingKey(owner.token(), body).statusCode(502).body("code", equalTo("upstream_unavailable")));
        as(owner.token()).get("/api/v1/api-keys").then().statusCode(200).body("items.size()", equalTo(0));
        // the same request once ingestion-service answers again
        assertEquals(List.of(kb), createKey(owner.token(), body).getList("knowledgeBaseIds"));
    }

    @Test
    void aKeyRestrictedToKnowledgeBasesMakesKeysOnlyWithinThem() {
        var owner = Api.signup();
        String x = FakeIngestion.own(owner.tenantId(), UUID.randomUUID()).toString();
        String y = FakeIngestion.own(owner.tenantId(), UUID.randomUUID()).toString();
        var narrow = createKey(
                owner.token(),
                Map.of("name", "narrow", "scopes", List.of("read", "admin"), "knowledgeBaseIds", List.of(x)));
        String token = exchanged(narrow.getString("secret"));
        for (var wider : List.<Map<String, Object>>of(
                Map.of("name", "all", "scopes", List.of("read")),
                Map.of("name", "other", "scopes", List.of("read"), "knowledgeBaseIds", List.of(y)),
                Map.of("name", "both", "scopes", List.of("read"), "knowledgeBaseIds", List.of(x, y)))) {
            Api.creatingKey(token, wider).statusCode(403).body("code", equalTo("forbidden"));
        }
        // within its own knowledge base it may, as the owner's token may anywhere in the tenant
        var within =
                createKey(token, Map.of("name", "within", "scopes", List.of("read"), "knowledgeBaseIds", List.of(x)));
        assertEquals(List.of(x), within.getList("knowledgeBaseIds"));
        createKey(owner.token(), Map.of("name", "all", "scopes", List.of("read")));
    }

    @Test
    void aKeyRestrictedToKnowledgeBasesManagesNeitherPeopleNorKeysNorThePlan() {
        var owner = Api.signup();
        String kb = FakeIngestion.own(owner.tenantId(), UUID.randomUUID()).toString();
        var all = List.of("read", "search", "chat", "upload", "admin");
        String restricted = exchanged(
                createKey(owner.token(), Map.of("name", "kb admin", "scopes", all, "knowledgeBaseIds", List.of(kb)))
                        .getString("secret"));
        String unrestricted = exchanged(
                createKey(owner.token(), Map.of("name", "admin", "scopes", all)).getString("secret"));
        String ownersKey = createKey(owner.token(), Map.of("name", "owner's", "scopes", List.of("read")))
                .getString("id");
        String newUser = "{\"email\":\"" + UUID.randomUUID() + "@example.com\",\"role\":\"owner\","
                + "\"password\":\"Passw0rd!Passw0rd\"}";
        String userId = as(owner.token())
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        for (String token : List.of(restricted, unrestricted)) {
            int expected = token.equals(restricted) ? 403 : 200;
            as(token).get("/api/v1/users").then().statusCode(expected);
            as(token).get("/api/v1/users/" + userId).then().statusCode(expected);
            as(token).get("/api/v1/api-keys").then().statusCode(expected);
            as(token).get("/api/v1/usage/users").then().statusCode(expected);
        }
        // writes: refused to the restricted key, and nothing changed
        as(restricted)
                .body(newUser)
                .post("/api/v1/users")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        Api.changingRole(restricted, userId, "viewer").statusCode(403);
        as(restricted).delete("/api/v1/users/" + userId).then().statusCode(403);
        as(restricted).delete("/api/v1/api-keys/" + ownersKey).then().statusCode(403);
        Api.choosingPlan(restricted, "pro").statusCode(403);
        as(owner.token()).get("/api/v1/users").then().statusCode(200).body("items.size()", equalTo(1));
        as(owner.token())
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + ownersKey + "' }.revokedAt", org.hamcrest.Matchers.nullValue());
        // the positive control for the writes: the unrestricted key with the same scopes may
        as(unrestricted).body(newUser).post("/api/v1/users").then().statusCode(201);
        as(unrestricted).delete("/api/v1/api-keys/" + ownersKey).then().statusCode(204);
    }

    /** The answer of the public token endpoint to an API key's secret. */
    private static ValidatableResponse tokenFor(String secret) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("apiKey", secret))
                .post("/api/v1/auth/token")
                .then();
    }

    @Test
    void tokenEndpointAcceptsAnApiKeyToo() throws Exception {
        var owner = Api.signup();
        var key = createKey(owner.token(), Map.of("name", "sdk"));
        String token = tokenFor(key.getString("secret"))
                .statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", lessThanOrEqualTo(300))
                .extract()
                .path("accessToken");
        assertEquals(key.getString("id"), Api.claims(token).get("api_key_id").asText());
        tokenFor("qk_unknown").statusCode(401);
    }

    @Test
    void revokedKeyIsRefusedAndTheRevocationIsAnnounced() throws Exception {
        var owner = Api.signup();
        var key = createKey(owner.token(), Map.of("name", "temp"));
        String secret = key.getString("secret");
        String internalToken = exchanged(secret);
        try (var consumer = Api.consumer(TestKafka.topic("tenant.changed"))) {
            as(owner.token())
                    .delete("/api/v1/api-keys/" + key.getString("id"))
                    .then()
                    .statusCode(204);
            var event = Api.await(
                    consumer,
                    n -> "api-key-revoked".equals(n.path("change").asText())
                            && key.getString("id")
                                    .equals(n.path("values").path("apiKeyId").asText()));
            assertEquals(owner.tenantId().toString(), event.get("tenantId").asText());
        }
        Api.exchangingKey(secret).then().statusCode(401).body("code", equalTo("invalid_token"));
        // a token already exchanged stops working here at once
        as(internalToken).get("/api/v1/tenant").then().statusCode(401);
        as(owner.token())
                .get("/api/v1/api-keys")
                .then()
                .body("items.find { it.id == '" + key.getString("id") + "' }.revokedAt", notNullValue());
    }

    @Test
    void scopesBeyondTheCreatorsRoleAreRejected() {
        var owner = Api.signup();
        var viewer = Api.member(owner, "viewer");
        var member = Api.member(owner, "member");
        Api.creatingKey(viewer.token(), Map.of("name", "x", "scopes", List.of("read", "chat")))
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Api.creatingKey(member.token(), Map.of("name", "x", "scopes", List.of("read", "admin")))
                .statusCode(400);
        Api.creatingKey(owner.token(), Map.of("name", "x", "scopes", List.of("read", "teleport")))
                .statusCode(400);
        createKey(viewer.token(), Map.of("name", "ok", "scopes", List.of("read", "search")));
        createKey(owner.token(), Map.of("name", "ok", "scopes", List.of("admin", "upload")));
    }

    @Test
    void nonAdminsSeeAndRevokeOnlyTheirOwnKeys() {
        var owner = Api.signup();
        var member = Api.member(owner, "member");
        String ownerKey = createKey(owner.token(), Map.of("name", "owner's")).getString("id");
        String memberKey = createKey(member.token(), Map.of("name", "member's")).getString("id");
        as(member.token())
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(memberKey))
                .body("items.id", not(hasItem(ownerKey)));
        as(member.token()).delete("/api/v1/api-keys/" + ownerKey).then().statusCode(403);
        as(owner.token()).get("/api/v1/api-keys").then().body("items.id", hasItem(memberKey));
        as(owner.token()).delete("/api/v1/api-keys/" + memberKey).then().statusCode(204);
    }

    @Test
    void aMembersKeysPageWithACursorOldestFirstAndNeverShowAnotherUsersKey() {
        var owner = Api.signup();
        var member = Api.member(owner, "member");
        String ownerKey = createKey(owner.token(), Map.of("name", "owner's")).getString("id");
        List<String> memberKeys = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            memberKeys.add(
                    createKey(member.token(), Map.of("name", "member's " + i)).getString("id"));
        }
        var first = Api.firstPage(member.token(), "/api/v1/api-keys", 2);
        assertEquals(memberKeys.subList(0, 2), first.getList("items.id"));
        Api.page(member.token(), "/api/v1/api-keys", 2, first.getString("nextCursor"))
                .statusCode(200)
                .body("items.id", equalTo(memberKeys.subList(2, 3)))
                .body("nextCursor", nullValue());
        var all = Api.firstPage(owner.token(), "/api/v1/api-keys", 10).getList("items.id");
        assertTrue(all.containsAll(memberKeys), "an owner sees every key of the tenant");
        assertTrue(
                all.indexOf(ownerKey) >= 0 && all.indexOf(ownerKey) < all.indexOf(memberKeys.get(0)), "oldest first");
    }

    @Test
    void anotherTenantsKeyIsNotFound() {
        var a = Api.signup();
        var b = Api.signup();
        String key = createKey(b.token(), Map.of("name", "b's")).getString("id");
        as(a.token()).delete("/api/v1/api-keys/" + key).then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void deletingAUserRevokesTheirKeys() {
        var owner = Api.signup();
        var member = Api.member(owner, "member");
        var created = createKey(member.token(), Map.of("name", "m"));
        String secret = created.getString("secret");
        as(owner.token()).delete("/api/v1/users/" + member.userId()).then().statusCode(204);
        Api.exchangingKey(secret).then().statusCode(401);
        // revoked, not only orphaned: the owner's list shows when (the row's revoked_at was written)
        as(owner.token())
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + created.getString("id") + "' }.revokedAt", notNullValue());
    }

    @Test
    void internalRoutesNeedTheSharedSecret() {
        var owner = Api.signup();
        given().contentType(ContentType.JSON)
                .body(Map.of("apiKey", "qk_x"))
                .post("/internal/v1/credentials/exchange")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_token"));
        given().header("X-Quire-Internal-Secret", "wrong")
                .get("/internal/v1/tenants/" + owner.tenantId())
                .then()
                .statusCode(401);
        given().get("/internal/v1/tenants/not-a-uuid").then().statusCode(401);
        Api.internal().get("/internal/v1/tenants/" + owner.tenantId()).then().statusCode(200);
        Api.internal().get("/internal/v1/tenants/" + UUID.randomUUID()).then().statusCode(404);
    }
}
