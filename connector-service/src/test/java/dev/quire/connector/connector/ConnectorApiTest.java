package dev.quire.connector.connector;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.connector.source.SaasApi;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.Hostile;
import dev.quire.platform.testing.Problems;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The connector API: roles, tenant walls, write-only sealed credentials, validation, the plan's connector limit. */
@QuarkusTest
class ConnectorApiTest {
    private static final String SECRET = "do-not-show-" + UUID.randomUUID();

    @Inject
    Db db;

    private final UUID tenantA = UUID.randomUUID();
    private final String adminA = Tokens.of(tenantA, "admin");
    private final String memberA = Tokens.of(tenantA, "member");
    private final String viewerA = Tokens.of(tenantA, "viewer");
    private final String ownerB = Tokens.of(UUID.randomUUID(), "owner");

    private static Map<String, Object> body(String name) {
        var m = new HashMap<String, Object>();
        m.put("type", "s3");
        m.put("name", name);
        m.put("knowledgeBaseId", UUID.randomUUID().toString());
        m.put("config", Map.of("endpoint", "https://s3.example.com", "region", "eu-west-1", "bucket", "team-docs"));
        m.put("credentials", Map.of("accessKeyId", "AKIAEXAMPLE", "secretAccessKey", SECRET));
        m.put("schedule", Map.of("intervalMinutes", 60));
        return m;
    }

    private Response create(String token, Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/connectors");
    }

    private String created(String name) {
        Response r = create(adminA, body(name));
        r.then().statusCode(201);
        return r.jsonPath().getString("id");
    }

    @Test
    void typesCarryAJsonSchemaWithWriteOnlySecrets() {
        given().auth()
                .oauth2(viewerA)
                .get("/api/v1/connector-types")
                .then()
                .statusCode(200)
                .body("items.type", hasItem("s3"))
                .body(
                        "items.find { it.type == 's3' }.schema.properties.credentials.properties.secretAccessKey.writeOnly",
                        equalTo(true))
                .body("items.find { it.type == 's3' }.schema.properties.config.required", hasItem("bucket"));
    }

    @Test
    void credentialsAreWriteOnlyAndSealedAtRest() {
        Response r = create(adminA, body("Write-only " + UUID.randomUUID()));
        r.then()
                .statusCode(201)
                .body("hasCredentials", equalTo(true))
                .body("$", not(org.hamcrest.Matchers.hasKey("credentials")));
        assertFalse(r.asString().contains(SECRET));
        String id = r.jsonPath().getString("id");
        for (String path : List.of("/api/v1/connectors", "/api/v1/connectors/" + id)) {
            String answer = given().auth()
                    .oauth2(adminA)
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertFalse(answer.contains(SECRET), path);
        }
        byte[] stored = db.inTenant(tenantA, c -> Db.one(
                        c,
                        "select credentials_encrypted from connectors where id = ?",
                        rs -> rs.getBytes(1),
                        UUID.fromString(id))
                .orElseThrow());
        assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains(SECRET));
        int version = db.inTenant(tenantA, c -> Db.one(
                        c,
                        "select credentials_key_version from connectors where id = ?",
                        rs -> rs.getInt(1),
                        UUID.fromString(id))
                .orElseThrow());
        assertEquals(1, version);
    }

    @Test
    void aConnectorSavedWithoutCredentialsSaysItHasNone() {
        var web = new HashMap<String, Object>();
        web.put("type", "web");
        web.put("name", "Site " + UUID.randomUUID());
        web.put("knowledgeBaseId", UUID.randomUUID().toString());
        web.put("config", Map.of("startUrl", "https://docs.example.com/"));
        String id = create(adminA, web)
                .then()
                .statusCode(201)
                .body("hasCredentials", equalTo(false))
                .extract()
                .path("id");
        // an empty object sent later stores none either; the positive control is the S3 test above (true)
        given().auth()
                .oauth2(adminA)
                .contentType("application/json")
                .body(Map.of("credentials", Map.of()))
                .patch("/api/v1/connectors/" + id)
                .then()
                .statusCode(200)
                .body("hasCredentials", equalTo(false));
        long sealed = db.inTenant(tenantA, c -> Db.one(
                        c,
                        "select count(*) from connectors where id = ? and credentials_encrypted is not null",
                        rs -> rs.getLong(1),
                        UUID.fromString(id))
                .orElseThrow());
        assertEquals(0, sealed, "nothing sealed");
    }

    @Test
    void membersReadStatusOnlyAdminsManage() {
        String id = created("Managed " + UUID.randomUUID());
        Problems.problem(create(memberA, body("by a member")), 403, "forbidden");
        Problems.problem(given().auth().oauth2(memberA).post("/api/v1/connectors/" + id + "/sync"), 403, "forbidden");
        Problems.problem(given().auth().oauth2(memberA).delete("/api/v1/connectors/" + id), 403, "forbidden");
        given().auth().oauth2(memberA).get("/api/v1/connectors/" + id).then().statusCode(200);
        given().auth()
                .oauth2(memberA)
                .get("/api/v1/connectors/" + id + "/runs")
                .then()
                .statusCode(200);
        Problems.problem(given().auth().oauth2(viewerA).get("/api/v1/connectors/" + id), 403, "forbidden");
    }

    @Test
    void anotherTenantsConnectorIsNotFound() {
        String id = created("Walled " + UUID.randomUUID());
        var base = "/api/v1/connectors/" + id;
        Problems.problem(given().auth().oauth2(ownerB).get(base), 404, "not_found");
        Problems.problem(
                given().auth()
                        .oauth2(ownerB)
                        .contentType("application/json")
                        .body(Map.of("name", "x"))
                        .patch(base),
                404,
                "not_found");
        Problems.problem(given().auth().oauth2(ownerB).post(base + "/sync"), 404, "not_found");
        Problems.problem(given().auth().oauth2(ownerB).get(base + "/runs"), 404, "not_found");
        Problems.problem(given().auth().oauth2(ownerB).delete(base), 404, "not_found");
        given().auth()
                .oauth2(ownerB)
                .get("/api/v1/connectors")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));
        given().auth().oauth2(adminA).get(base).then().statusCode(200);
    }

    @Test
    void badConfigurationIsAValidationProblem() {
        var noBucket = body("no bucket");
        noBucket.put("config", Map.of("region", "eu-west-1"));
        Problems.validationFailed(create(adminA, noBucket));
        var badType = body("bad type");
        badType.put("type", "ftp");
        Problems.validationFailed(create(adminA, badType));
        var extra = body("extra");
        extra.put("config", Map.of("region", "eu-west-1", "bucket", "team-docs", "surprise", 1));
        Problems.validationFailed(create(adminA, extra));
        var noSecret = body("no secret");
        noSecret.put("credentials", Map.of("accessKeyId", "AKIA"));
        Problems.validationFailed(create(adminA, noSecret));
        var tooOften = body("too often");
        tooOften.put("schedule", Map.of("intervalMinutes", 1));
        Problems.validationFailed(create(adminA, tooOften));
        var ftp = body("ftp endpoint");
        ftp.put("config", Map.of("endpoint", "ftp://files.example.com", "region", "eu-west-1", "bucket", "team-docs"));
        Problems.validationFailed(create(adminA, ftp));
    }

    @Test
    void thePlansConnectorLimitHolds() {
        UUID tenant = UUID.randomUUID();
        String limited = Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject(UUID.randomUUID().toString())
                .claim("tenant_id", tenant.toString())
                .claim("plan", "free")
                .claim("max_connectors", 1)
                .groups(Set.of("owner"))
                .expiresIn(600)
                .sign();
        create(limited, body("the one")).then().statusCode(201);
        Problems.problem(create(limited, body("one too many")), 403, "quota_exceeded");
    }

    @Test
    void credentialsThatDoNotOpenAreAnErrorNeverAFallback() {
        String id = created("Tampered " + UUID.randomUUID());
        db.inTenant(
                tenantA,
                c -> Db.update(
                        c,
                        "update connectors set credentials_encrypted = overlay(credentials_encrypted placing '\\x00'::bytea"
                                + " from 20 for 1) where id = ?",
                        UUID.fromString(id)));
        Problems.problem(
                given().auth()
                        .oauth2(adminA)
                        .contentType("application/json")
                        .body(Map.of("config", Map.of("region", "eu-west-1", "bucket", "other-docs")))
                        .patch("/api/v1/connectors/" + id),
                409,
                "credentials_unreadable");
        String run = SaasApi.startRun(adminA, id);
        await().atMost(Duration.ofSeconds(30)).until(() -> !"QUEUED|RUNNING".contains(status(id, run)));
        assertEquals("FAILED", status(id, run));
        String error = given().auth()
                .oauth2(adminA)
                .get("/api/v1/connectors/" + id + "/runs")
                .jsonPath()
                .getString("items.find { it.id == '" + run + "' }.error");
        assertTrue(error.contains("credentials could not be opened"), error);
        // new credentials repair it
        given().auth()
                .oauth2(adminA)
                .contentType("application/json")
                .body(Map.of("credentials", Map.of("accessKeyId", "AKIA2", "secretAccessKey", "fresh-" + SECRET)))
                .patch("/api/v1/connectors/" + id)
                .then()
                .statusCode(200)
                .body("hasCredentials", equalTo(true));
    }

    @Test
    void everyRouteAnswersHostileInputWithAProblemNeverA5xx() throws Exception {
        Hostile.assertEveryRouteClean(Tokens.of(UUID.randomUUID(), "owner"));
    }

    private String status(String id, String run) {
        return given().auth()
                .oauth2(adminA)
                .get("/api/v1/connectors/" + id + "/runs")
                .jsonPath()
                .getString("items.find { it.id == '" + run + "' }.status");
    }
}
