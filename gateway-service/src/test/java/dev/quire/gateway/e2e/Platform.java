package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** The operator's side of the running stack: tenants created, limited, suspended and deleted as a platform admin. */
final class Platform {
    static final String PASSWORD = "a long enough password";

    private Platform() {}

    /** Points RestAssured at the running stack's gateway: {@code -Dquire.url}, by default http://127.0.0.1:8080. */
    static void useGateway() {
        RestAssured.baseURI = System.getProperty("quire.url", "http://127.0.0.1:8080");
        RestAssured.port = -1;
    }

    private static String admin;

    /** The operator's token, fetched once per run (sign-in is rate limited per client IP). */
    static synchronized String adminToken() {
        if (admin == null) {
            admin = adminLogin();
        }
        return admin;
    }

    private static String adminLogin() {
        return token(
                System.getProperty("quire.admin.email", "operator@quire.local"),
                // the generated one: make e2e runs under scripts/secrets.sh exec
                System.getProperty("quire.admin.password", System.getenv("QUIRE_PLATFORM_ADMIN_PASSWORD")));
    }

    /** Signs a new tenant up (201); answers its owner's access token. */
    static String signup(String tenantName, String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("tenantName", tenantName, "email", email, "password", password))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .extract()
                .path("accessToken");
    }

    static String token(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/api/v1/auth/token")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }

    /** A tenant on {@code plan} with an owner; answers the tenant id and the owner's e-mail. */
    static Tenant tenant(String admin, String name, String plan) {
        String email = "owner-" + UUID.randomUUID() + "@example.com";
        String id = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "plan", plan, "ownerEmail", email, "ownerPassword", PASSWORD))
                .post("/api/v1/admin/tenants")
                .then()
                .statusCode(201)
                .extract()
                .path("tenant.id");
        return new Tenant(id, email, token(email, PASSWORD));
    }

    /**
     * An enterprise tenant whose rate, token and stream limits a benchmark cannot reach (what it measures is the path,
     * not the plan), with its owner's token.
     */
    static Tenant unlimitedTenant(String admin, String name) {
        var t = tenant(admin, name, "enterprise");
        limits(
                admin,
                t.id(),
                Map.of(
                        "requestsPerMinute", 100_000_000,
                        "tokensPerMinute", 1_000_000_000,
                        "tokensPerDay", 1_000_000_000,
                        "concurrentStreams", 1000));
        return t;
    }

    static void limits(String admin, String tenantId, Map<String, Object> overrides) {
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("limits", overrides))
                .patch("/api/v1/admin/tenants/" + tenantId)
                .then()
                .statusCode(200);
    }

    static void status(String admin, String tenantId, String status) {
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("status", status))
                .patch("/api/v1/admin/tenants/" + tenantId)
                .then()
                .statusCode(200);
    }

    /** A user of the owner's tenant with {@code role}; answers the user's token. */
    static String user(String ownerToken, String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.com";
        given().auth()
                .oauth2(ownerToken)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "role", role, "password", PASSWORD))
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        return token(email, PASSWORD);
    }

    /** POSTs {@code body} as JSON with {@code request} (201); answers the new resource's id. */
    static String created(RequestSpecification request, String path, Object body) {
        return request.contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** POSTs {@code body} as JSON as the token's user (201); answers the new resource's id. */
    static String created(String token, String path, Object body) {
        return created(given().auth().oauth2(token), path, body);
    }

    /** A new API key of the token's tenant made from {@code body} (201): the answer, with the secret shown once. */
    static ValidatableResponse apiKey(String token, Map<String, ?> body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201);
    }

    /** A tenant created by the platform admin, with its owner's credentials. */
    record Tenant(String id, String ownerEmail, String ownerToken) {}
}
