package dev.quire.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.TestKafka;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Helpers the tenant-service tests share: accounts through the real API, and Kafka against the real broker. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final String PASSWORD = "correct horse battery";
    static final String INTERNAL_SECRET = "test-internal-secret-never-in-production";
    static final String OPERATOR_EMAIL = "operator@quire.local";
    static final String OPERATOR_PASSWORD = "test-operator-password-never-in-production";
    private static final String BOOTSTRAP = System.getProperty("kafka", "127.0.0.1:9092");

    /** A signed-up tenant's owner. */
    record Account(UUID tenantId, UUID userId, String email, String token) {}

    private Api() {}

    static String email() {
        return "u-" + UUID.randomUUID() + "@example.com";
    }

    static Account signup() {
        String email = email();
        var body = signingUp(Map.of("tenantName", "Acme", "email", email, "password", PASSWORD))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Account(
                UUID.fromString(body.getString("tenantId")),
                UUID.fromString(body.getString("userId")),
                email,
                body.getString("accessToken"));
    }

    /** The answer to a sign-up with this body. */
    static Response signingUp(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/signup");
    }

    /** The answer to a password sign-in. */
    static Response signingIn(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/api/v1/auth/token");
    }

    static String login(String email, String password) {
        return signingIn(email, password).then().statusCode(200).extract().path("accessToken");
    }

    static String operator() {
        return login(OPERATOR_EMAIL, OPERATOR_PASSWORD);
    }

    /** Creates a user of the owner's tenant with a password and returns their token. */
    static Account member(Account owner, String role) {
        String email = email();
        String id = creatingUser(owner.token(), email, role)
                .statusCode(201)
                .extract()
                .path("id");
        return new Account(owner.tenantId(), UUID.fromString(id), email, login(email, PASSWORD));
    }

    /** The answer to accepting an invitation code with this password, without a bearer token. */
    static Response accepting(String code, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("token", code, "password", password))
                .post("/api/v1/auth/accept-invitation");
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** The created API key (201) of this body, with its secret. */
    static JsonPath createKey(String token, Map<String, Object> body) {
        return creatingKey(token, body).statusCode(201).extract().jsonPath();
    }

    /** The answer to creating an API key of this body. */
    static ValidatableResponse creatingKey(String token, Object body) {
        return as(token).body(body).post("/api/v1/api-keys").then();
    }

    /** The answer to creating a user of this address and role with {@link #PASSWORD}. */
    static ValidatableResponse creatingUser(String token, String email, String role) {
        return as(token)
                .body(Map.of("email", email, "role", role, "password", PASSWORD))
                .post("/api/v1/users")
                .then();
    }

    /** The answer to changing a user's role. */
    static ValidatableResponse changingRole(String token, Object userId, String role) {
        return as(token)
                .body(Map.of("role", role))
                .patch("/api/v1/users/" + userId)
                .then();
    }

    /** The answer to the caller's tenant choosing a plan. */
    static ValidatableResponse choosingPlan(String token, String plan) {
        return as(token).body(Map.of("plan", plan)).put("/api/v1/tenant/plan").then();
    }

    /** The answer to the operator's plan change of a tenant. */
    static ValidatableResponse settingPlan(String token, UUID tenantId, String plan) {
        return as(token)
                .body(Map.of("plan", plan))
                .put("/api/v1/admin/tenants/" + tenantId + "/plan")
                .then();
    }

    /** The answer to the operator's change of a tenant (name, status, limits). */
    static ValidatableResponse patchingTenant(String token, UUID tenantId, Map<String, ?> body) {
        return as(token).body(body).patch("/api/v1/admin/tenants/" + tenantId).then();
    }

    /** Waits up to 30 s for the list at {@code path} to answer 200 with {@code size} items that pass {@code more}. */
    static void awaitItems(String token, String path, int size, Consumer<ValidatableResponse> more) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        more.accept(as(token).get(path).then().statusCode(200).body("items.size()", equalTo(size))));
    }

    /** The first page (200) of the list at {@code path}, {@code limit} items at most. */
    static JsonPath firstPage(String token, String path, int limit) {
        return as(token)
                .queryParam("limit", limit)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The tenant's audit events (200) of one action. */
    static ValidatableResponse auditEvents(String token, String action) {
        return as(token).get("/api/v1/audit-events?action=" + action).then().statusCode(200);
    }

    /** The page of the list at {@code path} that {@code cursor} continues, {@code limit} items at most. */
    static ValidatableResponse page(String token, String path, int limit, String cursor) {
        return as(token)
                .queryParam("limit", limit)
                .queryParam("cursor", cursor)
                .get(path)
                .then();
    }

    static RequestSpecification internal() {
        return given().header("X-Quire-Internal-Secret", INTERNAL_SECRET).contentType(ContentType.JSON);
    }

    /** The answer to exchanging an API key's secret for a Quire token, as the gateway asks. */
    static Response exchangingKey(String secret) {
        return internal().body(Map.of("apiKey", secret)).post("/internal/v1/credentials/exchange");
    }

    static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    static JsonNode header(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    }

    static KafkaConsumer<String, String> consumer(String topic) {
        return TestKafka.subscribed(BOOTSTRAP, topic);
    }

    /** The first record's JSON value matching {@code match} within 30 s, or an assertion failure. */
    static JsonNode await(KafkaConsumer<String, String> consumer, Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (var r : consumer.poll(Duration.ofMillis(500))) {
                JsonNode n = JSON.readTree(r.value());
                if (match.test(n)) {
                    return n;
                }
            }
        }
        throw new AssertionError("no matching record on Kafka within 30 s");
    }

    static void produce(String topic, String key, Object value) throws Exception {
        var p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsString(value)))
                    .get();
        }
    }
}
