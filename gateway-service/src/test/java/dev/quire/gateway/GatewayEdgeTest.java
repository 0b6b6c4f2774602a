package dev.quire.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's own behaviour: token checks, problem+json, request ids, forwarding, dead upstreams. */
@QuarkusTest
class GatewayEdgeTest {
    @jakarta.inject.Inject
    dev.quire.gateway.proxy.EventStreams eventStreams;

    private static StandIns.Upstream upstream;

    static final UUID SUSPENDED = UUID.randomUUID();
    static final UUID DELETED = UUID.randomUUID();
    static final UUID KEY_TENANT = UUID.randomUUID();
    static final UUID LIMITED = UUID.randomUUID();
    static final UUID KEY_ID = UUID.randomUUID();
    static final String API_KEY = "qk_valid_test_key_0123456789";
    static final String REVOCABLE_KEY = "qk_revocable_test_key_0123456789";
    static final UUID REVOCABLE_KEY_ID = UUID.randomUUID();
    /** Tenants the fake directory reports suspended from now on, and keys it refuses from now on. */
    static final Set<UUID> SUSPENDED_LATER = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static final Set<String> REVOKED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Users the fake tenant-service reports deleted, and the current role of users whose role changed. */
    static final Set<String> DELETED_USERS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static final Map<String, String> ROLES = new java.util.concurrent.ConcurrentHashMap<>();
    /** How often the fake tenant-service was asked to exchange each API key. */
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> EXCHANGES =
            new java.util.concurrent.ConcurrentHashMap<>();

    @jakarta.inject.Inject
    dev.quire.gateway.tenants.TenantDirectory directory;

    @jakarta.inject.Inject
    dev.quire.gateway.auth.Authenticator authenticator;

    @jakarta.inject.Inject
    dev.quire.gateway.proxy.Routes routes;

    @jakarta.inject.Inject
    dev.quire.gateway.config.GatewayConfig config;

    /**
     * A stand-in for ingestion-service that echoes what reached it, and for tenant-service's internal directory
     * and credential exchange (the real ones are exercised end to end in the e2e suite).
     */
    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = StandIns.start(18182, req -> req.body().onSuccess(body -> {
            if (req.path().startsWith("/internal/")) {
                internal(req, body.toString(StandardCharsets.UTF_8));
                return;
            }
            if (req.path().endsWith("/events")) {
                stream(req);
                return;
            }
            StandIns.echo(
                    req,
                    new JsonObject()
                            .put("uri", req.uri())
                            .put("requestId", req.getHeader("X-Request-Id"))
                            .put("reservation", req.getHeader("X-Quire-Reservation-Id"))
                            .put("body", body.toString(StandardCharsets.UTF_8)));
        }));
    }

    /** Event streams the stand-in holds open now: each heartbeats every 200 ms until its connection closes. */
    static final java.util.concurrent.atomic.AtomicInteger OPEN_STREAMS =
            new java.util.concurrent.atomic.AtomicInteger();

    private static void stream(io.vertx.core.http.HttpServerRequest req) {
        OPEN_STREAMS.incrementAndGet();
        var resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
        resp.write(": open\n\n");
        long timer = upstream.vertx().setPeriodic(200, id -> resp.write(": heartbeat\n\n"));
        req.connection().closeHandler(v -> {
            upstream.vertx().cancelTimer(timer);
            OPEN_STREAMS.decrementAndGet();
        });
    }

    /** An event stream held open by {@code token}: the socket, and the status line it was answered with. */
    private static java.util.Map.Entry<java.net.Socket, String> holdStream(String token) throws Exception {
        var url = java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        var socket = new java.net.Socket(url.getHost(), url.getPort());
        socket.getOutputStream()
                .write(("GET /api/v1/knowledge-bases/" + UUID.randomUUID() + "/events HTTP/1.1\r\nHost: x\r\n"
                                + "Authorization: Bearer " + token + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        var in = new java.io.BufferedReader(
                new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        return java.util.Map.entry(socket, in.readLine());
    }

    @Test
    void oneUserHoldsNoMoreEventStreamsThanItsCap() throws Exception {
        String tenant = UUID.randomUUID().toString();
        String mine = claims().subject(UUID.randomUUID().toString())
                .claim("tenant_id", tenant)
                .sign();
        var held = new java.util.ArrayList<java.net.Socket>();
        try {
            for (int i = 0; i < 2; i++) { // %test event-streams-per-user
                var s = holdStream(mine);
                assertTrue(s.getValue().contains(" 200 "), s.getValue());
                held.add(s.getKey());
            }
            var refused = holdStream(mine);
            refused.getKey().close();
            assertTrue(refused.getValue().contains(" 429 "), refused.getValue());
            // another user of the tenant is not held back
            var other = holdStream(claims().claim("tenant_id", tenant).sign());
            other.getKey().close();
            assertTrue(other.getValue().contains(" 200 "), other.getValue());
            // a stream closed gives its place back
            held.remove(0).close();
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> {
                        var again = holdStream(mine);
                        again.getKey().close();
                        return again.getValue().contains(" 200 ");
                    });
        } finally {
            for (var s : held) {
                s.close();
            }
        }
    }

    @Test
    void aClientLeavingAnEventStreamFreesTheGatewaysConnectionToTheService() throws Exception {
        var url = java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        int before = OPEN_STREAMS.get();
        try (var socket = new java.net.Socket(url.getHost(), url.getPort())) {
            openEventStream(socket);
            // the positive control: while the client reads, the service holds its stream open
            assertEquals(before + 1, OPEN_STREAMS.get());
        }
        // the client is gone: the gateway closes its side too, the service's stream ends
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> OPEN_STREAMS.get() == before);
    }

    @Test
    void aShuttingDownGatewayEndsItsEventStreamsAndTheirConnectionsToTheService() throws Exception {
        var url = java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        int before = OPEN_STREAMS.get();
        int openBefore = eventStreams.openCount();
        try (var socket = new java.net.Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            var in = openEventStream(socket);
            // the positive control: the stream is open through the gateway to the service
            assertEquals(before + 1, OPEN_STREAMS.get());
            assertEquals(openBefore + 1, eventStreams.openCount());

            eventStreams.endAll(); // the shutdown's first step

            // the client's stream ends (its EventSource reconnects to another replica) instead of holding the
            // shutdown up for its whole timeout (the stand-in heartbeats every 200 ms while the stream is open)
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            boolean ended = false;
            try {
                while (!ended && System.nanoTime() < deadline) {
                    ended = in.readLine() == null;
                }
            } catch (java.net.SocketException reset) {
                ended = true; // a reset connection ends it too
            }
            assertTrue(ended, "the stream still delivers heartbeats 10 s after the shutdown began");
        }
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> OPEN_STREAMS.get() == before);
        assertEquals(0, eventStreams.openCount());
    }

    /** Opens an event stream through the gateway on {@code socket}; answers it read up to the first heartbeat. */
    private static java.io.BufferedReader openEventStream(java.net.Socket socket) throws Exception {
        socket.getOutputStream()
                .write(("GET /api/v1/knowledge-bases/" + UUID.randomUUID() + "/events HTTP/1.1\r\nHost: x\r\n"
                                + "Authorization: Bearer " + claims().sign() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        var in = new java.io.BufferedReader(
                new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        String status = in.readLine();
        assertTrue(status.contains(" 200 "), status);
        String line;
        while ((line = in.readLine()) != null && !line.contains("heartbeat")) {
            // headers and the first event
        }
        return in;
    }

    private static void internal(io.vertx.core.http.HttpServerRequest req, String body) {
        var resp = req.response().putHeader("Content-Type", "application/json");
        if (!"test-internal-secret-never-in-production".equals(req.getHeader("X-Quire-Internal-Secret"))) {
            resp.setStatusCode(401).end("{}");
            return;
        }
        if (req.path().startsWith("/internal/v1/principals/")) {
            String user = req.path().substring(req.path().lastIndexOf('/') + 1);
            if (DELETED_USERS.contains(user)) {
                resp.setStatusCode(404).end("{}");
                return;
            }
            resp.end(new JsonObject()
                    .put("role", ROLES.getOrDefault(user, "member"))
                    .put(
                            "scopes",
                            req.getParam("apiKeyId") == null ? null : new io.vertx.core.json.JsonArray().add("read"))
                    .encode());
            return;
        }
        if (req.path().equals("/internal/v1/credentials/exchange")) {
            String offered = new JsonObject(body).getString("apiKey");
            if (offered != null) {
                EXCHANGES
                        .computeIfAbsent(offered, k -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
            }
            if (!API_KEY.equals(offered) && !REVOCABLE_KEY.equals(offered) || REVOKED.contains(offered)) {
                resp.setStatusCode(401).end("{}");
                return;
            }
            UUID keyId = API_KEY.equals(offered) ? KEY_ID : REVOCABLE_KEY_ID;
            String token = Jwt.issuer("https://quire.local")
                    .audience("quire")
                    .subject(UUID.randomUUID().toString())
                    .claim("tenant_id", KEY_TENANT.toString())
                    .claim("api_key_id", keyId.toString())
                    .groups(Set.of("member"))
                    .expiresIn(300)
                    .sign();
            resp.end(new JsonObject()
                    .put("accessToken", token)
                    .put("expiresIn", 300)
                    .put("tenantId", KEY_TENANT.toString())
                    .put("apiKeyId", keyId.toString())
                    .encode());
            return;
        }
        UUID id = UUID.fromString(req.path().substring(req.path().lastIndexOf('/') + 1));
        if (id.equals(DELETED)) {
            resp.setStatusCode(404).end("{}");
            return;
        }
        resp.end(new JsonObject()
                .put("id", id.toString())
                .put("name", "t")
                .put("status", id.equals(SUSPENDED) || SUSPENDED_LATER.contains(id) ? "suspended" : "active")
                .put("plan", "pro")
                .put("limits", StandIns.limits(id.equals(LIMITED) ? 5 : 100000))
                .encode());
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
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

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hostileTokensAreUnauthorizedNeverServerErrors() throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var otherKey = gen.generateKeyPair().getPrivate();
        long now = System.currentTimeMillis() / 1000;
        long past = now - 3600;
        String good = claims().sign();
        String[] parts = good.split("\\.");
        String publicPem = new String(
                GatewayEdgeTest.class.getResourceAsStream("/testPublicKey.pem").readAllBytes(), StandardCharsets.UTF_8);
        var hostile = new java.util.LinkedHashMap<String, String>();
        hostile.put("expired", claims().issuedAt(past - 600).expiresAt(past).sign());
        hostile.put(
                "not yet valid (nbf in the future)",
                claims().claim("nbf", now + 3600).sign());
        hostile.put("wrong issuer", claims().issuer("https://evil.example").sign());
        hostile.put("wrong audience", claims().audience("other").sign());
        hostile.put("signed with another key", claims().sign(otherKey));
        hostile.put("unknown kid", claims().jws().keyId("no-such-key").sign(otherKey));
        hostile.put(
                "HS256 signed with the public key",
                claims().jws()
                        .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.HS256)
                        .signWithSecret(publicPem));
        hostile.put(
                "missing tenant_id",
                Jwt.issuer("https://quire.local")
                        .audience("quire")
                        .subject("u")
                        .expiresIn(60)
                        .sign());
        hostile.put(
                "missing sub",
                Jwt.issuer("https://quire.local")
                        .audience("quire")
                        .claim("tenant_id", UUID.randomUUID().toString())
                        .expiresIn(60)
                        .sign());
        hostile.put(
                "tenant_id not a UUID", claims().claim("tenant_id", "../../etc").sign());
        hostile.put(
                "alg none",
                unsigned("{\"iss\":\"https://quire.local\",\"aud\":\"quire\",\"sub\":\"u\"," + "\"tenant_id\":\""
                        + UUID.randomUUID() + "\",\"exp\":" + (now + 3600) + "}"));
        hostile.put("signature stripped", parts[0] + "." + parts[1] + ".");
        hostile.put(
                "payload swapped under a valid signature",
                parts[0] + "."
                        + b64("{\"iss\":\"https://quire.local\",\"aud\":\"quire\",\"sub\":\"u\"," + "\"tenant_id\":\""
                                + UUID.randomUUID() + "\",\"exp\":" + (now + 3600) + "}")
                        + "." + parts[2]);
        hostile.put("garbage", "not-a-jwt");
        hostile.put("malformed segments", "a.b.c.d");
        hostile.put("two segments", parts[0] + "." + parts[1]);
        hostile.put("payload not base64", parts[0] + ".%%%." + parts[2]);
        hostile.put("oversized", claims().claim("pad", "x".repeat(10_000)).sign());
        hostile.put(
                "token of a suspended tenant",
                claims().claim("tenant_id", SUSPENDED.toString()).sign());
        hostile.put(
                "token of a deleted tenant",
                claims().claim("tenant_id", DELETED.toString()).sign());
        hostile.put("unknown API key", "qk_not_a_key_that_exists");
        hostile.put("empty bearer", " ");
        assertTrue(hostile.size() >= 20, "at least 20 kinds");
        hostile.forEach((kind, token) -> {
            int status = given().header("Authorization", "Bearer " + token)
                    .get("/api/v1/knowledge-bases")
                    .then()
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_token"))
                    .extract()
                    .statusCode();
            assertEquals(401, status, kind);
        });
        given().header("Authorization", "Basic dXNlcjpwYXNz")
                .get("/api/v1/knowledge-bases")
                .then()
                .statusCode(401);
    }

    @Test
    void reusedTokenIsRefusedOnceItsTenantIsSuspended() {
        UUID tenant = UUID.randomUUID();
        String token = claims().claim("tenant_id", tenant.toString()).sign();
        given().auth().oauth2(token).get("/api/v1/knowledge-bases").then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/knowledge-bases").then().statusCode(200);
        SUSPENDED_LATER.add(tenant);
        directory.invalidate(tenant); // what tenant.changed "suspended" does
        given().auth().oauth2(token).get("/api/v1/knowledge-bases").then().statusCode(401);
    }

    @Test
    void revokedKeyIsRefusedAtOnceThoughItsTokenWasVerifiedBefore() {
        given().header("Authorization", "Bearer " + REVOCABLE_KEY)
                .get("/api/v1/knowledge-bases")
                .then()
                .statusCode(200);
        REVOKED.add(REVOCABLE_KEY);
        authenticator.revoked(REVOCABLE_KEY_ID); // what tenant.changed "api-key-revoked" does
        given().header("Authorization", "Bearer " + REVOCABLE_KEY)
                .get("/api/v1/knowledge-bases")
                .then()
                .statusCode(401);
    }

    @Test
    void anUnknownKeyIsAskedAboutOnceThenRefusedAtTheGatewayUntilATenantChanges() {
        String key = "qk_unknown_" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            Refused.asInvalidToken(key);
        }
        assertEquals(1, EXCHANGES.get(key).get(), "tenant-service asked once, not for every attempt");
        authenticator.tenantChanged(); // what any tenant.changed but a key revocation does
        given().header("Authorization", "Bearer " + key)
                .get("/api/v1/knowledge-bases")
                .then()
                .statusCode(401);
        assertEquals(2, EXCHANGES.get(key).get());
    }

    @Test
    void apiKeyIsExchangedAndOnlyTheInternalTokenGoesDownstream() {
        String forwarded = given().header("Authorization", "Bearer " + API_KEY)
                .get("/api/v1/knowledge-bases")
                .then()
                .statusCode(200)
                .extract()
                .path("authorization");
        assertTrue(forwarded.startsWith("Bearer ey"), "a JWT, not the key, reaches the service");
        assertTrue(!forwarded.contains(API_KEY));
    }

    @Test
    void admittedResponsesCarryRateLimitHeadersAndEdgeHeaders() {
        given().auth()
                .oauth2(claims().sign())
                .get("/api/v1/knowledge-bases")
                .then()
                .statusCode(200)
                .header("RateLimit-Limit", "100000")
                .header("RateLimit-Remaining", notNullValue())
                .header("RateLimit-Reset", notNullValue())
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("frame-ancestors 'none'"));
    }

    @Test
    void tenantOverItsRequestRateGets429WithRetryAfter() {
        String token = claims().claim("tenant_id", LIMITED.toString()).sign();
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            var r = given().auth()
                    .oauth2(token)
                    .get("/api/v1/knowledge-bases")
                    .then()
                    .extract();
            if (r.statusCode() == 200) {
                admitted++;
            } else {
                assertEquals(429, r.statusCode());
                assertEquals("rate_limited", r.path("code"));
                assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
            }
        }
        assertEquals(5, admitted, "a burst of the per-minute limit, then refusals");
    }

    @jakarta.inject.Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    @Test
    void tokenRequestsAreLimitedPerClientIp() {
        redis.key().del("q:ip:token:127.0.0.1"); // a fresh bucket: runs within one minute share it
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json")
                    .body("{\"email\":\"a@b.c\",\"password\":\"x\"}")
                    .post("/api/v1/auth/token")
                    .then()
                    .statusCode(200);
        }
        given().contentType("application/json")
                .body("{\"email\":\"a@b.c\",\"password\":\"x\"}")
                .post("/api/v1/auth/token")
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .body("code", equalTo("rate_limited"));
    }

    @Test
    void clientCannotSmuggleAReservationHeader() {
        given().auth()
                .oauth2(claims().sign())
                .header("X-Quire-Reservation-Id", "forged")
                .get("/api/v1/knowledge-bases")
                .then()
                .statusCode(200)
                .body("reservation", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void oversizedJsonAndUploadsOverThePlanAreRefusedWith413() {
        given().auth()
                .oauth2(claims().sign())
                .contentType("application/json")
                .body("{\"x\":\"" + "a".repeat(1_100_000) + "\"}")
                .post("/api/v1/knowledge-bases")
                .then()
                .statusCode(413)
                .body("code", equalTo("payload_too_large"));
        // the stand-in's plan allows 1 MB uploads
        given().auth()
                .oauth2(claims().sign())
                .multiPart("file", "big.txt", new byte[1_200_000])
                .post("/api/v1/knowledge-bases/" + UUID.randomUUID() + "/documents")
                .then()
                .statusCode(413)
                .body("code", equalTo("payload_too_large"));
    }

    @Test
    void uploadRefusedUnreadClosesItsConnectionSoTheNextRequestIsNotStuck() throws Exception {
        var url = java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        try (var socket = new java.net.Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            // a 2 MB upload announced, only its first bytes sent: the gateway answers 413 without reading the rest
            out.write(("POST /api/v1/knowledge-bases/" + UUID.randomUUID() + "/documents HTTP/1.1\r\nHost: x\r\n"
                            + "Authorization: Bearer " + claims().sign() + "\r\n"
                            + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 2000000\r\n\r\n"
                            + "--b\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), answer);
            // readAllBytes returned: the gateway closed the connection instead of waiting for 2 MB it will not read
        }
    }

    @Test
    void corsAnswersAllowListedOriginsOnly() {
        given().header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/v1/search")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", "https://app.example");
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/v1/search")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        // an allowed origin's script can read what a refusal tells it to do: when to retry, which methods a path has
        given().header("Origin", "https://app.example")
                .put("/api/v1/search")
                .then()
                .statusCode(405)
                .header("Allow", "POST")
                .header(
                        "Access-Control-Expose-Headers",
                        "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Allow");
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
                .body("authorization", org.hamcrest.Matchers.startsWith("Bearer ey"))
                .body("requestId", equalTo("req-42"))
                .body("body", equalTo("{\"name\":\"kb\"}"));
    }

    /** The claims of the token that reached the stand-in service. */
    private static JsonObject forwardedClaims(String token) {
        String auth = given().auth()
                .oauth2(token)
                .get("/api/v1/knowledge-bases")
                .then()
                .statusCode(200)
                .extract()
                .path("authorization");
        String payload = auth.substring("Bearer ".length()).split("\\.")[1];
        return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    @Test
    void servicesGetTheGatewaysShortTokenNeverTheCallers() {
        String token = claims().sign();
        JsonObject forwarded = forwardedClaims(token);
        assertEquals("quire-gateway", forwarded.getString("iss"));
        assertEquals(
                "quire-internal",
                forwarded.getValue("aud") instanceof String a
                        ? a
                        : forwarded.getJsonArray("aud").getString(0));
        assertTrue(forwarded.getLong("exp") - forwarded.getLong("iat") <= 120, "short-lived");
        // the plan's storage limits travel signed, never as headers a caller could set
        assertEquals(100, forwarded.getInteger("max_documents"));
        assertEquals(100, forwarded.getInteger("max_storage_mb"));
        assertEquals(1, forwarded.getInteger("max_connectors"));
    }

    @Test
    void demotedUsersOldTokenCarriesTheCurrentRoleAfterTheChangeEvent() {
        var b = claims().groups(Set.of("admin"));
        String user = UUID.randomUUID().toString();
        String tenant = UUID.randomUUID().toString();
        String token = b.subject(user).claim("tenant_id", tenant).sign();
        ROLES.put(user, "admin");
        assertEquals("admin", forwardedClaims(token).getJsonArray("groups").getString(0));
        ROLES.put(user, "viewer");
        tenantChanged(tenant, "user-changed");
        // the token still says admin; the service is told viewer
        assertEquals("viewer", forwardedClaims(token).getJsonArray("groups").getString(0));
    }

    @Test
    void deletedUsersTokenIsRefusedAtOnceAfterTheChangeEvent() {
        String user = UUID.randomUUID().toString();
        String tenant = UUID.randomUUID().toString();
        String token = claims().subject(user).claim("tenant_id", tenant).sign();
        given().auth().oauth2(token).get("/api/v1/knowledge-bases").then().statusCode(200);
        DELETED_USERS.add(user);
        tenantChanged(tenant, "user-changed");
        Refused.asInvalidToken(token);
    }

    @Test
    void deletedUsersTokenIsRefusedWithinSecondsWithoutAnyEvent() {
        String user = UUID.randomUUID().toString();
        String token = claims().subject(user).sign();
        given().auth().oauth2(token).get("/api/v1/knowledge-bases").then().statusCode(200);
        DELETED_USERS.add(user);
        long start = System.currentTimeMillis();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> given().auth()
                                .oauth2(token)
                                .get("/api/v1/knowledge-bases")
                                .statusCode()
                        == 401);
        assertTrue(System.currentTimeMillis() - start <= 5000);
    }

    @jakarta.inject.Inject
    dev.quire.gateway.events.TenantChangedConsumer changes;

    private void tenantChanged(String tenant, String change) {
        changes.onChanged(new JsonObject()
                .put("eventId", UUID.randomUUID().toString())
                .put("tenantId", tenant)
                .put("occurredAt", "2026-12-05T00:00:00Z")
                .put("change", change)
                .put("values", new JsonObject())
                .encode());
    }

    @Test
    void pathVariantsOfAChatTurnAreRefusedBeforeRoutingNeverForwarded() {
        // ("//" and dot segments are normalised: the path judged as a turn is the one forwarded)
        String token = claims().sign();
        for (String path : new String[] {
            "/v1/chat/completions/",
            "/v1/chat/completions;x=1",
            "/api/v1/conversations/" + UUID.randomUUID() + "/messages/",
            "/api/v1/conversations/" + UUID.randomUUID() + ";a=b/messages",
            "/v1/chat%2Fcompletions"
        }) {
            var answer = given().auth()
                    .oauth2(token)
                    .urlEncodingEnabled(false)
                    .contentType("application/json")
                    .body("{\"content\":\"hi\"}")
                    .post(path);
            assertEquals(404, answer.statusCode(), path);
            assertEquals("not_found", answer.jsonPath().getString("code"), path);
        }
        // positive control: the canonical form of a non-turn route reaches the service
        given().auth().oauth2(token).get("/api/v1/knowledge-bases").then().statusCode(200);
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
    void aKnowledgeBasesAnswerCacheRoutesToChatAgentAndTheRestStaysWithIngestion() {
        String kb = "/api/v1/knowledge-bases/" + UUID.randomUUID();
        assertEquals(java.util.Optional.of(config.services().chat()), routes.target(kb + "/cache"));
        assertEquals(java.util.Optional.of(config.services().ingestion()), routes.target(kb));
        assertEquals(java.util.Optional.of(config.services().ingestion()), routes.target(kb + "/documents"));
        assertEquals(java.util.Optional.of(config.services().ingestion()), routes.target(kb + "/cache-settings"));
        assertEquals(java.util.Optional.of(config.services().ingestion()), routes.target(kb + "/cache/x"));
        // through the proxy: the ingestion stand-in would echo 200, chat-agent's port has nothing on it here
        given().auth().oauth2(claims().sign()).get(kb + "/cache").then().statusCode(502);
    }

    @Test
    void evaluationsAndSectionsRouteToRetrievalNotIngestion() {
        // retrieval-service is down in this test (502) while the ingestion stand-in would echo 200
        given().auth()
                .oauth2(claims().sign())
                .get("/api/v1/knowledge-bases/" + UUID.randomUUID() + "/evaluations")
                .then()
                .statusCode(502);
        given().auth()
                .oauth2(claims().sign())
                .get("/api/v1/knowledge-bases/" + UUID.randomUUID() + "/sections")
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

    /** Readiness answers on the management interface only (ManagementInterfaceTest: never on the public port). */
    @io.quarkus.test.common.http.TestHTTPResource(value = "health/ready", management = true)
    java.net.URL ready;

    @Test
    void readinessIncludesRedis() {
        var checks = given().get(ready).then().statusCode(200).extract().jsonPath();
        assertEquals("UP", checks.getString("status"));
        given().get(ready).then().body("checks.name", hasItem(org.hamcrest.Matchers.containsString("Redis")));
    }

    @Test
    void aDocumentedPathAskedWithAnotherMethodIsMethodNotAllowedWithAllow() {
        // the positive control: the documented method reaches the service
        given().auth()
                .oauth2(claims().sign())
                .get("/api/v1/knowledge-bases/kb1/documents")
                .then()
                .statusCode(200)
                .body("method", equalTo("GET"))
                .body("uri", equalTo("/api/v1/knowledge-bases/kb1/documents"));
        given().auth()
                .oauth2(claims().sign())
                .contentType("application/json")
                .body("{}")
                .put("/api/v1/knowledge-bases/kb1/documents")
                .then()
                .statusCode(405)
                .header("Allow", equalTo("GET, HEAD, POST"))
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("method_not_allowed"))
                .body("method", nullValue()); // answered here, never forwarded
        given().options("/api/v1/documents/d1").then().statusCode(204).header("Allow", equalTo("DELETE, GET, HEAD"));
        // a path no documented template matches is the service's to answer, as before (here: a token is asked for)
        given().put("/api/v1/knowledge-bases/kb1/nothing-here").then().statusCode(401);
    }
}
