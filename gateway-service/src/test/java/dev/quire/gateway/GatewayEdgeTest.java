package dev.quire.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's own behaviour: token checks, problem+json, request ids, forwarding, dead upstreams. */
@QuarkusTest
class GatewayEdgeTest {
    private static Vertx vertx;
    private static HttpServer upstream;

    /** A stand-in for ingestion-service that echoes what reached it. */
    @BeforeAll
    static void startUpstream() throws Exception {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> req.response()
                        .putHeader("Content-Type", "application/json")
                        .end(new JsonObject()
                                .put("method", req.method().name())
                                .put("uri", req.uri())
                                .put("authorization", req.getHeader("Authorization"))
                                .put("requestId", req.getHeader("X-Request-Id"))
                                .put("body", body.toString(StandardCharsets.UTF_8))
                                .encode())))
                .listen(18182, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
        vertx.close();
    }

    private static JwtClaimsBuilder claims() {
        return Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject(UUID.randomUUID().toString())
                .claim("tenant_id", UUID.randomUUID().toString())
                .groups(Set.of("member"))
                .expiresIn(300);
    }

    private static String unsigned(String payloadJson) {
        var enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + enc.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    @Test
    void missingTokenIsUnauthorizedProblem() {
        given().get("/api/v1/knowledge-bases")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("X-Request-Id", notNullValue())
                .body("code", equalTo("invalid_token"))
                .body("status", equalTo(401));
    }

    @Test
    void hostileTokensAreUnauthorizedNeverServerErrors() throws Exception {
        var otherKey = KeyPairGenerator.getInstance("RSA");
        otherKey.initialize(2048);
        long past = System.currentTimeMillis() / 1000 - 3600;
        Map<String, String> hostile = Map.of(
                "expired", claims().issuedAt(past - 600).expiresAt(past).sign(),
                "wrong issuer", claims().issuer("https://evil.example").sign(),
                "wrong audience", claims().audience("other").sign(),
                "wrong key", claims().sign(otherKey.generateKeyPair().getPrivate()),
                "no tenant",
                        Jwt.issuer("https://quire.local")
                                .audience("quire")
                                .subject("u")
                                .expiresIn(60)
                                .sign(),
                "alg none",
                        unsigned("{\"iss\":\"https://quire.local\",\"aud\":\"quire\",\"sub\":\"u\","
                                + "\"tenant_id\":\"t\",\"exp\":" + (past + 7200) + "}"),
                "garbage", "not-a-jwt",
                "malformed segments", "a.b.c.d",
                "oversized", claims().claim("pad", "x".repeat(10_000)).sign());
        hostile.forEach((kind, token) -> given().auth()
                .oauth2(token)
                .get("/api/v1/knowledge-bases")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_token")));
    }

    @Test
    void validTokenIsForwardedWithItsRequestIdAndBody() {
        String token = claims().sign();
        given().auth()
                .oauth2(token)
                .header("X-Request-Id", "req-42")
                .contentType("application/json")
                .body("{\"name\":\"kb\"}")
                .post("/api/v1/knowledge-bases?x=1")
                .then()
                .statusCode(200)
                .header("X-Request-Id", "req-42")
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/api/v1/knowledge-bases?x=1"))
                .body("authorization", equalTo("Bearer " + token))
                .body("requestId", equalTo("req-42"))
                .body("body", equalTo("{\"name\":\"kb\"}"));
    }

    @Test
    void requestIdIsMintedWhenAbsentOrUnsafe() {
        given().header("X-Request-Id", "bad id\twith tab")
                .get("/api/v1/documents/x")
                .then()
                .statusCode(401)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void unknownRouteIsNotFoundProblem() {
        for (String path : new String[] {"/nothing-here", "/api/v1/no-such-thing", "/api/v1/searchx"}) {
            given().get(path)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("code", equalTo("not_found"));
        }
    }

    @Test
    void deadUpstreamIsBadGatewayProblem() {
        given().auth()
                .oauth2(claims().sign())
                .contentType("application/json")
                .body("{\"query\":\"x\"}")
                .post("/api/v1/search")
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("code", equalTo("upstream_unavailable"));
    }

    @Test
    void evaluationsRouteToRetrievalNotIngestion() {
        // retrieval-service is down in this test (502) while the ingestion stand-in would echo 200
        given().auth()
                .oauth2(claims().sign())
                .get("/api/v1/knowledge-bases/" + UUID.randomUUID() + "/evaluations")
                .then()
                .statusCode(502);
        given().auth()
                .oauth2(claims().sign())
                .get("/api/v1/knowledge-bases/" + UUID.randomUUID() + "/documents")
                .then()
                .statusCode(200);
    }

    @Test
    void chatUpgradeWithoutTokenIsRefusedBeforeUpgrade() {
        given().header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .header("Sec-WebSocket-Protocol", "quire.v1, bearer.not-a-token")
                .get("/ws/chat")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_token"));
        given().header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .header("Origin", "https://evil.example")
                .header("Sec-WebSocket-Protocol", "quire.v1, bearer." + claims().sign())
                .get("/ws/chat")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void readinessIncludesRedis() {
        var checks =
                given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertEquals("UP", checks.getString("status"));
        given().get("/q/health/ready")
                .then()
                .body("checks.name", hasItem(org.hamcrest.Matchers.containsString("Redis")));
    }
}
