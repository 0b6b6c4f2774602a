package dev.quire.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, every call the gateway proxies continues the trace of the request it serves, whatever the
 * admission did in between: a chat turn's stream slot and token reservation (two Redis round trips) and a plain API
 * call's rate decision (a rate low enough that Redis decides every call). The gateway's connections to Redis are opened by whichever request came first on an event
 * loop; before the fix the answers continued on THAT request's context, and the proxied call started a new trace.
 * Many requests over fresh connections spread over every event loop, so most reuse a connection another request
 * opened. The stand-in of chat-agent records the {@code traceparent} each request arrived with.
 */
@QuarkusTest
@TestProfile(TracePropagationTest.Traced.class)
class TracePropagationTest {
    /** The SDK on (tracing is off in the other tests); spans go nowhere: this test reads the propagated headers. */
    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9");
        }
    }

    private static final int REQUESTS = 16;
    private static final UUID TENANT = UUID.randomUUID();
    private static Vertx vertx;
    private static HttpServer tenants;
    private static HttpServer chat;
    /** The traceparent each request reached chat-agent with, by the request id the test gave it. */
    private static final Map<String, String> arrived = new ConcurrentHashMap<>();

    @BeforeAll
    static void startStandIns() throws Exception {
        vertx = Vertx.vertx();
        tenants = StandIns.listen(vertx, 18182, req -> {
            var resp = req.response().putHeader("Content-Type", "application/json");
            if (req.path().startsWith("/internal/v1/principals/")) {
                resp.end("{\"role\":\"member\"}");
                return;
            }
            resp.end(new JsonObject()
                    .put("id", TENANT.toString())
                    .put("name", "t")
                    .put("status", "active")
                    .put("plan", "pro")
                    // under 2,400 a minute: no local lease, Redis decides every request's rate
                    .put("limits", StandIns.limits(1000).put("concurrentStreams", 100))
                    .encode());
        });
        chat = StandIns.listen(vertx, 18184, req -> req.body().onSuccess(body -> {
            arrived.put(req.getHeader("X-Request-Id"), String.valueOf(req.getHeader("traceparent")));
            req.response().putHeader("Content-Type", "application/json").end("{}");
        }));
    }

    @AfterAll
    static void stopStandIns() {
        tenants.close();
        chat.close();
        vertx.close();
    }

    @Test
    void everyChatTurnReachesChatAgentInItsOwnTrace() {
        assertEachContinuesItsTrace("turn", request -> request.contentType("application/json")
                .body("{\"content\":\"hello\"}")
                .post("/api/v1/conversations/" + UUID.randomUUID() + "/messages"));
    }

    @Test
    void everyProxiedCallReachesItsServiceInItsOwnTrace() {
        assertEachContinuesItsTrace("call", request -> request.get("/api/v1/conversations"));
    }

    /**
     * {@link #REQUESTS} calls made by {@code call} (named {@code kind}), each in a new client trace: each is answered
     * 200 and reached chat-agent in its own trace.
     */
    private static void assertEachContinuesItsTrace(String kind, Function<RequestSpecification, Response> call) {
        String token = token();
        for (int i = 0; i < REQUESTS; i++) {
            String traceId = newTraceId();
            String requestId = kind + "-" + i + "-" + traceId;
            call.apply(given().header("Authorization", "Bearer " + token)
                            .header("X-Request-Id", requestId)
                            .header("traceparent", "00-" + traceId + "-" + newSpanId() + "-01"))
                    .then()
                    .statusCode(200);
            assertContinues(requestId, traceId);
        }
    }

    /** The service got the client's trace id with a parent of the gateway's own (never the client's span id). */
    private static void assertContinues(String requestId, String traceId) {
        String received = arrived.get(requestId);
        assertNotNull(received, "the request reached chat-agent");
        String[] parts = received.split("-");
        assertEquals(4, parts.length, "a W3C traceparent reached chat-agent: " + received);
        assertEquals(traceId, parts[1], "request " + requestId + " reached chat-agent in another trace: " + received);
        assertNotEquals("0000000000000000", parts[2]);
    }

    private static String token() {
        return Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject("u-" + UUID.randomUUID())
                .claim("tenant_id", TENANT.toString())
                .groups(Set.of("member"))
                .expiresIn(600)
                .sign();
    }

    private static String newTraceId() {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String newSpanId() {
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
