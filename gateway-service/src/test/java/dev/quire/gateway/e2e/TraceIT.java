package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.WsClient;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Traces end to end: the stack `make test` starts exports its spans to {@code QUIRE_OTEL_ENDPOINT}, where this test
 * runs an OTLP receiver ({@code make e2e} passes the same endpoint to the test). An upload is one trace from the
 * gateway through ingestion, its outbox and work queue, Kafka, to retrieval's index write; a chat turn is one trace
 * from the gateway through chat-agent to retrieval's search, over HTTP and over the chat socket; an audited change in tenant-service (written through
 * its reactive outbox) is published in its request's trace. The test starts each trace itself (a W3C
 * {@code traceparent} on the request, which the gateway continues), so it knows the trace id to look for among
 * everything the stack exports, and waits (bounded) until every span it expects has arrived.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TraceIT {
    private static final String FACT = "The tidal bell at the harbour museum rings at high water every day.";
    /** The question's distinctive words: they must appear in no span (names nor attributes). */
    private static final String SECRET = "tidal bell";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OtlpReceiver receiver;
    private static String token;
    private static String tenantId;
    private static String kb;

    @BeforeAll
    static void setUp() throws Exception {
        String endpoint = System.getenv("QUIRE_OTEL_ENDPOINT");
        assertTrue(
                endpoint != null && !endpoint.isBlank(),
                "QUIRE_OTEL_ENDPOINT is not set for the test: run it with `make e2e` against the stack `make test`"
                        + " starts (both with TEST_OTEL)");
        receiver = new OtlpReceiver(URI.create(endpoint).getPort());
        Platform.useGateway();
        String email = "trace-" + UUID.randomUUID() + "@example.com";
        token = Platform.signup("Traced", email, Platform.PASSWORD);
        var claims = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        tenantId = claims.get(dev.quire.contracts.Claims.TENANT_ID).asText();
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void anUploadIsOneTraceFromTheGatewayThroughKafkaToRetrievalsIndexWrite() {
        kb = Ingest.knowledgeBase(token, "Harbour");
        String traceId = newTraceId();
        String documentId = given().auth()
                .oauth2(token)
                .header("traceparent", traceparent(traceId))
                .multiPart("file", "harbour.txt", FACT.getBytes())
                .post("/api/v1/knowledge-bases/" + kb + "/documents")
                .then()
                .statusCode(202)
                .extract()
                .path("items[0].id");
        assertEquals(
                "INDEXED",
                Ingest.settled(token, documentId, Duration.ofMinutes(2)).getString("status"));

        // each service exports its spans in its own batches: the trace is awaited until every expected span is in it
        var spans = awaitTrace(
                traceId,
                all -> has(all, "gateway-service", "SERVER")
                        && has(all, "ingestion-service", "SERVER")
                        && all.stream().anyMatch(s -> isKafka(s, "PRODUCER"))
                        && all.stream()
                                .anyMatch(s -> s.service().equals("ingestion-service")
                                        && s.name().equals("ingest document"))
                        && all.stream()
                                .anyMatch(s -> s.service().equals("retrieval-service") && isKafka(s, "CONSUMER")));
        assertTenantOnlyNamesTheTenant(spans);
        assertNoSpanHolds(SECRET);
    }

    @Test
    @Order(2)
    void aChatTurnOverHttpIsOneTraceFromTheGatewayThroughChatAgentToRetrievalsSearch() {
        String conversation = Chats.conversation(token, "harbour");
        String traceId = newTraceId();
        given().auth()
                .oauth2(token)
                .header("traceparent", traceparent(traceId))
                .contentType(ContentType.JSON)
                // its own maxTokens: never answered from the answer cache, so it searches
                .body(Map.of(
                        "content", "When does the tidal bell ring?", "knowledgeBaseIds", List.of(kb), "maxTokens", 200))
                .post("/api/v1/conversations/" + conversation + "/messages")
                .then()
                .statusCode(200);

        var spans = awaitTrace(traceId, TraceIT::reachesRetrievalsSearch);
        assertTrue(has(spans, "gateway-service", "CLIENT"), "the gateway's call to chat-agent: " + describe(spans));
        assertTenantOnlyNamesTheTenant(spans);
        assertNoSpanHolds(SECRET);
    }

    @Test
    @Order(3)
    void aChatTurnOverTheSocketIsOneTraceFromTheGatewayThroughChatAgentToRetrievalsSearch() throws Exception {
        String traceId = newTraceId();
        URI uri = URI.create(RestAssured.baseURI.replaceFirst("^http", "ws") + "/ws/chat");
        List<JsonNode> frames;
        try (var client = WsClient.connect(uri, token)) {
            // a frame has no headers: the client's trace context rides in the user_message itself
            client.send(JSON.writeValueAsString(Map.of(
                    "type",
                    "user_message",
                    "id",
                    "traced-1",
                    "content",
                    "At what time does the tidal bell ring?",
                    "knowledgeBaseIds",
                    List.of(kb),
                    "maxTokens",
                    200,
                    "traceparent",
                    traceparent(traceId))));
            frames = client.untilEnd(Duration.ofSeconds(60));
        }
        assertEquals("done", frames.get(frames.size() - 1).get("type").asText(), "the turn was answered: " + frames);

        var spans = awaitTrace(
                traceId,
                all -> all.stream()
                                .anyMatch(s -> s.service().equals("gateway-service")
                                        && s.name().equals("chat turn"))
                        && all.stream()
                                .anyMatch(s -> s.service().equals("chat-agent-service")
                                        && s.name().equals("chat turn"))
                        && all.stream()
                                .anyMatch(s -> s.service().equals("retrieval-service")
                                        && s.kind().equals("SERVER")
                                        && s.name().contains("search")));
        assertTenantOnlyNamesTheTenant(spans);
        assertNoSpanHolds(SECRET);
    }

    @Test
    @Order(4)
    void anAuditedChangeInTenantServiceIsPublishedInItsRequestsTrace() {
        String traceId = newTraceId();
        given().auth()
                .oauth2(token)
                .header("traceparent", traceparent(traceId))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "traced key"))
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201);
        // the key's audit event goes through tenant-service's reactive outbox: its relay publishes it in this trace
        var spans = awaitTrace(
                traceId,
                all -> has(all, "gateway-service", "SERVER")
                        && all.stream().anyMatch(s -> s.service().equals("tenant-service") && isKafka(s, "PRODUCER")));
        assertTenantOnlyNamesTheTenant(spans);
    }

    /** gateway → chat-agent → retrieval: each service's server span, and retrieval's is the search. */
    static boolean reachesRetrievalsSearch(List<OtlpReceiver.Received> all) {
        return has(all, "gateway-service", "SERVER")
                && has(all, "chat-agent-service", "SERVER")
                && all.stream()
                        .anyMatch(s -> s.service().equals("retrieval-service")
                                && s.kind().equals("SERVER")
                                && s.name().contains("search"));
    }

    /**
     * The trace's spans once they satisfy {@code complete} and form one tree (spans are exported in batches, a
     * little later, each service on its own: a child can arrive before its parent).
     */
    static List<OtlpReceiver.Received> awaitTrace(String traceId, Predicate<List<OtlpReceiver.Received>> complete) {
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        var spans = receiver.trace(traceId);
                        return complete.test(spans) && isOneTree(spans);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the trace never held every expected span in one tree; its spans: "
                    + describe(receiver.trace(traceId))
                    + (receiver.all().isEmpty()
                            ? " (no span arrived at all: was the stack started with TEST_OTEL, as `make test` does?)"
                            : ""));
        }
        return receiver.trace(traceId);
    }

    static boolean has(List<OtlpReceiver.Received> spans, String service, String kind) {
        return spans.stream()
                .anyMatch(s -> s.service().equals(service) && s.kind().equals(kind));
    }

    static void assertTenantOnlyNamesTheTenant(List<OtlpReceiver.Received> spans) {
        var tenants = spans.stream()
                .map(s -> s.attributes().get("quire.tenant.id"))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        assertEquals(Set.of(tenantId), tenants, "spans name the caller's tenant and no other: " + describe(spans));
        for (String service : Set.of("gateway-service")) {
            assertTrue(
                    spans.stream()
                            .anyMatch(s -> s.service().equals(service)
                                    && tenantId.equals(s.attributes().get("quire.tenant.id"))),
                    service + " names the tenant: " + describe(spans));
        }
    }

    /** No span the stack exported so far holds {@code text}: neither its name nor any attribute. */
    static void assertNoSpanHolds(String text) {
        for (var s : receiver.all()) {
            assertFalse(
                    s.name().toLowerCase().contains(text)
                            || s.attributes().values().stream()
                                    .anyMatch(v -> v.toLowerCase().contains(text)),
                    "a span holds \"" + text + "\": " + s);
        }
    }

    static boolean isKafka(OtlpReceiver.Received s, String kind) {
        return s.kind().equals(kind) && "kafka".equals(s.attributes().get("messaging.system"));
    }

    static String describe(List<OtlpReceiver.Received> spans) {
        return spans.stream()
                .map(s ->
                        s.service() + ":" + s.kind() + ":" + s.name() + "(" + s.spanId() + "<" + s.parentSpanId() + ")")
                .collect(Collectors.joining(", "));
    }

    static String newTraceId() {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** The client's span of a trace the test starts: its id is the parent of the gateway's server span. */
    static final String CLIENT_SPAN = newSpanId();

    static String traceparent(String traceId) {
        return "00-" + traceId + "-" + CLIENT_SPAN + "-01";
    }

    static String newSpanId() {
        byte[] span = new byte[8];
        new SecureRandom().nextBytes(span);
        return HexFormat.of().formatHex(span);
    }

    /**
     * One tree under the client's span: every span's parent is a span of the trace, or the client's (the gateway's
     * server span). A hop that lost the context would show as a second root or a span under an unknown parent.
     */
    static boolean isOneTree(List<OtlpReceiver.Received> spans) {
        Set<String> ids = spans.stream().map(OtlpReceiver.Received::spanId).collect(Collectors.toSet());
        return spans.stream().allMatch(s -> s.parentSpanId().equals(CLIENT_SPAN) || ids.contains(s.parentSpanId()));
    }
}
