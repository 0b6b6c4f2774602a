package dev.quire.tenant;

import static io.restassured.RestAssured.given;

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
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

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
        String id = as(owner.token())
                .body(Map.of("email", email, "role", role, "password", PASSWORD))
                .post("/api/v1/users")
                .then()
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
        return as(token)
                .body(body)
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
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
