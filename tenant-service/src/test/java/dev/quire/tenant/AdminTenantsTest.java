package dev.quire.tenant;

import static dev.quire.tenant.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminTenantsTest {

    @Test
    void platformAdminIsBootstrappedInAnOperatorTenant() throws Exception {
        String token = Api.operator();
        assertEquals("platform-admin", Api.claims(token).get("groups").get(0).asText());
        as(token).get("/api/v1/admin/tenants?limit=200").then().statusCode(200).body("items", notNullValue());
    }

    @Test
    void adminRoutesAreForbiddenToTenantRoles() {
        var owner = Api.signup();
        as(owner.token()).get("/api/v1/admin/tenants").then().statusCode(403).body("code", equalTo("forbidden"));
        Api.settingPlan(owner.token(), owner.tenantId(), "enterprise").statusCode(403);
        as(owner.token()).post("/api/v1/admin/signing-keys/rotate").then().statusCode(403);
        given().get("/api/v1/admin/tenants").then().statusCode(401);
    }

    @Test
    void operatorCreatesATenantWithAnInvitedOwner() {
        String op = Api.operator();
        String email = Api.email();
        var body = as(op).body(Map.of("name", "Big Co", "plan", "enterprise", "ownerEmail", email))
                .post("/api/v1/admin/tenants")
                .then()
                .statusCode(201)
                .body("tenant.plan", equalTo("enterprise"))
                .body("tenant.status", equalTo("active"))
                .body("owner.role", equalTo("owner"))
                .body("owner.invitationToken", startsWith("qi_"))
                .extract()
                .jsonPath();
        String token = Api.accepting(body.getString("owner.invitationToken"), "owner password 1")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        as(token)
                .get("/api/v1/tenant")
                .then()
                .statusCode(200)
                .body("id", equalTo(body.getString("tenant.id")))
                .body("limits.concurrentStreams", equalTo(100));
    }

    @Test
    void tenantsListPagesWithACursor() {
        String op = Api.operator();
        Api.signup();
        Api.signup();
        var first = Api.firstPage(op, "/api/v1/admin/tenants", 1);
        assertEquals(1, first.getList("items").size());
        String cursor = first.getString("nextCursor");
        var second = Api.page(op, "/api/v1/admin/tenants", 1, cursor)
                .statusCode(200)
                .extract()
                .jsonPath();
        assertNotEquals(first.getString("items[0].id"), second.getString("items[0].id"));
    }

    @Test
    void planChangeIsAnnouncedAndReflectedInTheInternalView() throws Exception {
        var owner = Api.signup();
        String op = Api.operator();
        try (var consumer = Api.consumer(TestKafka.topic("tenant.changed"))) {
            Api.settingPlan(op, owner.tenantId(), "enterprise").statusCode(200).body("plan", equalTo("enterprise"));
            var event = Api.await(
                    consumer,
                    n -> owner.tenantId().toString().equals(n.path("tenantId").asText())
                            && "plan".equals(n.path("change").asText()));
            assertEquals("enterprise", event.get("values").get("plan").asText());
            assertEquals(
                    6000,
                    event.get("values").get("limits").get("requestsPerMinute").asInt());
        }
        Api.internal()
                .get("/internal/v1/tenants/" + owner.tenantId())
                .then()
                .statusCode(200)
                .body("status", equalTo("active"))
                .body("plan", equalTo("enterprise"))
                .body("limits.requestsPerMinute", equalTo(6000))
                .body("limits.maxConnectors", equalTo(100));
    }

    @Test
    void limitOverridesLayOverThePlanAndCanBeRemoved() throws Exception {
        var owner = Api.signup();
        String op = Api.operator();
        try (var consumer = Api.consumer(TestKafka.topic("tenant.changed"))) {
            Api.patchingTenant(op, owner.tenantId(), Map.of("limits", Map.of("requestsPerMinute", 7, "maxUploadMb", 1)))
                    .statusCode(200)
                    .body("limits.requestsPerMinute", equalTo(7))
                    .body("limits.tokensPerDay", equalTo(200000))
                    .body("limitOverrides.maxUploadMb", equalTo(1));
            var event = Api.await(
                    consumer,
                    n -> owner.tenantId().toString().equals(n.path("tenantId").asText())
                            && "limits".equals(n.path("change").asText()));
            assertEquals(
                    7,
                    event.get("values").get("limits").get("requestsPerMinute").asInt());
        }
        Api.internal()
                .get("/internal/v1/tenants/" + owner.tenantId())
                .then()
                .body("limits.requestsPerMinute", equalTo(7))
                .body("limits.maxUploadMb", equalTo(1));
        Map<String, Object> remove = new HashMap<>();
        remove.put("requestsPerMinute", null);
        Api.patchingTenant(op, owner.tenantId(), Map.of("limits", remove))
                .statusCode(200)
                .body("limits.requestsPerMinute", equalTo(60))
                .body("limits.maxUploadMb", equalTo(1));
        Api.patchingTenant(op, owner.tenantId(), Map.of("limits", Map.of("bogus", 1)))
                .statusCode(400);
        as(owner.token()).get("/api/v1/tenant").then().body("limits.maxUploadMb", equalTo(1));
    }

    @Test
    void suspendedTenantGetsNoTokensAndResumesWhenReactivated() throws Exception {
        var owner = Api.signup();
        String op = Api.operator();
        String key = Api.createKey(owner.token(), Map.of("name", "k")).getString("secret");
        String cookie =
                Api.signingIn(owner.email(), Api.PASSWORD).then().extract().header("Set-Cookie");
        cookie = cookie.substring("quire_refresh=".length(), cookie.indexOf(';'));
        try (var consumer = Api.consumer(TestKafka.topic("tenant.changed"))) {
            Api.patchingTenant(op, owner.tenantId(), Map.of("status", "suspended"))
                    .statusCode(200)
                    .body("status", equalTo("suspended"));
            Api.await(
                    consumer,
                    n -> owner.tenantId().toString().equals(n.path("tenantId").asText())
                            && "suspended".equals(n.path("change").asText()));
        }
        Api.signingIn(owner.email(), Api.PASSWORD).then().statusCode(401);
        given().cookie("quire_refresh", cookie)
                .post("/api/v1/auth/refresh")
                .then()
                .statusCode(401);
        Api.exchangingKey(key).then().statusCode(401).body("code", equalTo("invalid_token"));
        as(owner.token()).get("/api/v1/tenant").then().statusCode(401);
        Api.internal().get("/internal/v1/tenants/" + owner.tenantId()).then().body("status", equalTo("suspended"));
        Api.patchingTenant(op, owner.tenantId(), Map.of("status", "active")).statusCode(200);
        Api.login(owner.email(), Api.PASSWORD);
        Api.exchangingKey(key).then().statusCode(200);
    }

    @Test
    void deletedTenantIsRefusedAndAnExportIsRequested() throws Exception {
        var owner = Api.signup();
        String op = Api.operator();
        String exportId = as(op).delete("/api/v1/admin/tenants/" + owner.tenantId())
                .then()
                .statusCode(202)
                .body("status", equalTo("deleted"))
                .extract()
                .path("exportRequestId");
        Api.signingIn(owner.email(), Api.PASSWORD).then().statusCode(401);
        Api.internal().get("/internal/v1/tenants/" + owner.tenantId()).then().body("status", equalTo("deleted"));
        Api.patchingTenant(op, owner.tenantId(), Map.of("status", "active")).statusCode(409);
        try (var c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/quire_test?currentSchema=tenant",
                        "quire_tenant",
                        System.getenv("QUIRE_TENANT_DB_PASSWORD"));
                var ps = c.prepareStatement("select tenant_id from data_export_requests where id = ?::uuid")) {
            ps.setString(1, exportId);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(owner.tenantId().toString(), rs.getString(1));
            }
        }
    }

    @Test
    void ownerChangesOwnPlanOnlyAmongSelfServePlans() {
        var owner = Api.signup();
        var admin = Api.member(owner, "admin");
        Api.choosingPlan(admin.token(), "pro").statusCode(403);
        Api.choosingPlan(owner.token(), "enterprise").statusCode(400).body("code", equalTo("validation_failed"));
        Api.choosingPlan(owner.token(), "pro")
                .statusCode(200)
                .body("plan", equalTo("pro"))
                .body("limits.requestsPerMinute", equalTo(600));
    }

    @Test
    void planCatalogueIsListed() {
        given().get("/api/v1/plans")
                .then()
                .statusCode(200)
                .body("items.id", hasItems("free", "pro", "enterprise"))
                .body("items.find { it.id == 'free' }.limits.maxConnectors", equalTo(1))
                .body("items.find { it.id == 'enterprise' }.selfServe", equalTo(false));
    }

    @Test
    void keyRotationKeepsBothKeysInTheJwksAndOldTokensValid() throws Exception {
        var before = Api.signup();
        String oldKid = Api.header(before.token()).get("kid").asText();
        String op = Api.operator();
        try (var consumer = Api.consumer(TestKafka.topic("tenant.changed"))) {
            String newKid = as(op).post("/api/v1/admin/signing-keys/rotate")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("kid");
            assertNotEquals(oldKid, newKid);
            Api.await(
                    consumer,
                    n -> "keys-rotated".equals(n.path("change").asText())
                            && newKid.equals(n.path("values").path("kid").asText()));
            List<String> kids = given().get("/.well-known/jwks.json")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("keys.kid");
            assertTrue(kids.contains(oldKid) && kids.contains(newKid), kids.toString());
            var after = Api.signup();
            assertEquals(newKid, Api.header(after.token()).get("kid").asText());
            as(after.token()).get("/api/v1/tenant").then().statusCode(200);
            as(before.token()).get("/api/v1/tenant").then().statusCode(200);
        }
        Api.auditEvents(op, "signing_key.rotate").body("items.action", hasItem("signing_key.rotate"));
    }

    @Test
    void unknownTenantIsNotFoundForTheOperator() {
        String op = Api.operator();
        Api.settingPlan(op, UUID.randomUUID(), "pro").statusCode(404);
    }
}
