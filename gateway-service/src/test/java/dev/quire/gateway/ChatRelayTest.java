package dev.quire.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.gateway.events.TenantChangedConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat relay's authentication and flow control, against stand-ins of tenant-service (directory) and
 * chat-agent (a WebSocket that answers each user_message with done, or floods on "flood").
 */
@QuarkusTest
class ChatRelayTest {
    private static final int FLOOD_FRAMES = 4000;
    private static final String FLOOD_TEXT = "x".repeat(16 * 1024);
    private static Vertx vertx;
    private static HttpServer tenants;
    private static HttpServer chat;
    private static final Set<UUID> suspended = ConcurrentHashMap.newKeySet();
    private static final BlockingQueue<String> upstreamAuthorization = new LinkedBlockingQueue<>();
    private static final BlockingQueue<String> upstreamAuthFrames = new LinkedBlockingQueue<>();
    /** Every user_message chat-agent received, as it arrived. */
    private static final BlockingQueue<JsonObject> upstreamTurns = new LinkedBlockingQueue<>();
    /** Every frame chat-agent received, as text. */
    static final BlockingQueue<String> upstreamRaw = new LinkedBlockingQueue<>();

    private static final AtomicInteger floodSent = new AtomicInteger();
    private static final CompletableFuture<Void> floodClosed = new CompletableFuture<>();

    @Inject
    TenantChangedConsumer tenantChanged;

    /** How long the stand-in chat-agent takes to answer an upgrade (a slow one, to leave during). */
    private static volatile long upgradeDelayMs;

    @BeforeAll
    static void startStandIns() throws Exception {
        vertx = Vertx.vertx();
        tenants = StandIns.listen(vertx, 18182, req -> {
            if (req.path().startsWith("/internal/v1/principals/")) {
                req.response().putHeader("Content-Type", "application/json").end("{\"role\":\"member\"}");
                return;
            }
            UUID id = UUID.fromString(req.path().substring(req.path().lastIndexOf('/') + 1));
            req.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put("id", id.toString())
                            .put("name", "t")
                            .put("status", suspended.contains(id) ? "suspended" : "active")
                            .put("plan", "pro")
                            .put("limits", limits())
                            .encode());
        });
        chat = StandIns.listen(
                vertx, new HttpServerOptions().setWebSocketSubProtocols(List.of("quire.v1")), 18184, req -> {
                    if (upgradeDelayMs == 0) {
                        req.toWebSocket().onSuccess(ChatRelayTest::chatAgent);
                        return;
                    }
                    req.pause(); // the upgrade answered later: the request is not read meanwhile
                    vertx.setTimer(upgradeDelayMs, id -> req.toWebSocket().onSuccess(ChatRelayTest::chatAgent));
                });
    }

    private static JsonObject limits() {
        return new JsonObject()
                .put("requestsPerMinute", 100000)
                .put("tokensPerMinute", 100000000)
                .put("tokensPerDay", 1000000000)
                .put("concurrentStreams", 100)
                .put("maxDocuments", 100)
                .put("maxStorageMb", 100)
                .put("maxUploadMb", 1)
                .put("maxConnectors", 1);
    }

    private static void chatAgent(ServerWebSocket ws) {
        upstreamAuthorization.add(String.valueOf(ws.headers().get("Authorization")));
        ws.textMessageHandler(text -> {
            upstreamRaw.add(text);
            var frame = new JsonObject(text);
            switch (frame.getString("type")) {
                case "auth" -> upstreamAuthFrames.add(frame.getString("token"));
                case "ping" -> ws.writeTextMessage("{\"type\":\"pong\"}");
                default -> {
                    if ("user_message".equals(frame.getString("type"))) {
                        upstreamTurns.add(frame);
                    }
                    if ("flood".equals(frame.getString("content"))) {
                        ws.closeHandler(v -> floodClosed.complete(null));
                        flood(ws, frame.getString("id"));
                    } else {
                        ws.writeTextMessage(new JsonObject()
                                .put("type", "done")
                                .put("id", frame.getString("id"))
                                .put("seq", 0)
                                .put("reservedTokens", frame.getValue("reservedTokens"))
                                .encode());
                    }
                }
            }
        });
    }

    /** Token frames as fast as the gateway takes them (a model with zero latency), honouring back-pressure. */
    private static void flood(ServerWebSocket ws, String id) {
        while (floodSent.get() < FLOOD_FRAMES && !ws.isClosed()) {
            if (ws.writeQueueFull()) {
                ws.drainHandler(v -> flood(ws, id));
                return;
            }
            int seq = floodSent.incrementAndGet();
            ws.writeTextMessage(new JsonObject()
                    .put("type", "token")
                    .put("id", id)
                    .put("seq", seq)
                    .put("delta", FLOOD_TEXT)
                    .encode());
        }
    }

    @AfterAll
    static void stopStandIns() {
        tenants.close();
        chat.close();
        vertx.close();
    }

    private static String token(UUID tenant, String user, long seconds) {
        return Jwt.issuer("https://quire.local")
                .audience("quire")
                .subject(user)
                .claim("tenant_id", tenant.toString())
                .groups(Set.of("member"))
                .expiresIn(seconds)
                .sign();
    }

    private static JsonObject userMessage(String id, String content) {
        return new JsonObject().put("type", "user_message").put("id", id).put("content", content);
    }

    /** A socket of a new user of {@code tenant}, with a token valid {@code seconds}. */
    private static SocketClient socket(UUID tenant, long seconds) throws Exception {
        return SocketClient.open(
                RestAssured.port, token(tenant, UUID.randomUUID().toString(), seconds));
    }

    /** Sends {@code message}, waits for its answer's done frame, and answers the user_message chat-agent received. */
    private static JsonObject turn(SocketClient client, JsonObject message) throws Exception {
        client.send(message);
        assertEquals(message.getString("id"), client.next("done", 3000).getString("id"));
        return upstreamTurns.poll(3, TimeUnit.SECONDS);
    }

    @Test
    void firstFrameAuthOpensTheRelayWithTheTokenForwarded() throws Exception {
        String token = token(UUID.randomUUID(), UUID.randomUUID().toString(), 300);
        upstreamAuthorization.clear();
        var client = SocketClient.open(RestAssured.port, null);
        client.send(new JsonObject().put("type", "auth").put("token", token));
        client.send(userMessage("c-1", "hello"));
        var done = client.next("done", 5000);
        assertEquals("c-1", done.getString("id"));
        assertTrue(done.getLong("reservedTokens") > 0, "the gateway reserved tokens for the turn");
        var forwarded = claims(upstreamAuthorization.poll(5, TimeUnit.SECONDS).substring("Bearer ".length()));
        assertEquals(
                "quire-gateway", forwarded.getString("iss"), "chat-agent gets the gateway's token, not the client's");
        assertEquals(claims(token).getString("sub"), forwarded.getString("sub"));
        client.abort();
    }

    private static JsonObject claims(String jwt) {
        return new JsonObject(new String(
                java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void oneUserHoldsNoMoreChatSocketsThanItsCapAndOthersAreNotHeldBack() throws Exception {
        UUID tenant = UUID.randomUUID();
        String mine = token(tenant, UUID.randomUUID().toString(), 300);
        var held = new java.util.ArrayList<SocketClient>();
        for (int i = 0; i < 3; i++) { // %test max-per-user
            held.add(SocketClient.open(RestAssured.port, mine));
        }
        var refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> SocketClient.open(RestAssured.port, mine));
        assertTrue(
                refused.getCause() instanceof java.net.http.WebSocketHandshakeException h
                        && h.getResponse().statusCode() == 429,
                String.valueOf(refused.getCause()));
        // another user of the same tenant still connects and chats
        var other = socket(tenant, 300);
        other.send(userMessage("o-1", "hello"));
        assertEquals("o-1", other.next("done", 3000).getString("id"));
        other.abort();
        // a place frees when one of the user's sockets closes
        held.remove(0).abort();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> {
                    try {
                        held.add(SocketClient.open(RestAssured.port, mine));
                        return true;
                    } catch (java.util.concurrent.ExecutionException e) {
                        return false;
                    }
                });
        held.forEach(SocketClient::abort);
    }

    @Test
    void aClientLeavingDuringItsUpgradeGivesItsPlaceBack() throws Exception {
        String mine = token(UUID.randomUUID(), UUID.randomUUID().toString(), 300);
        upgradeDelayMs = 300;
        try {
            for (int i = 0; i < 5; i++) { // more than the cap of 3: each would hold a place if it leaked
                try (var raw = new java.net.Socket("127.0.0.1", RestAssured.port)) {
                    raw.getOutputStream()
                            .write(("GET /ws/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                            + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                            + "Sec-WebSocket-Protocol: quire.v1\r\nAuthorization: Bearer " + mine
                                            + "\r\n\r\n")
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    Thread.sleep(100); // admitted, chat-agent not yet answering: the client leaves
                }
            }
            Thread.sleep(500);
        } finally {
            upgradeDelayMs = 0;
        }
        // all three places are free again
        var held = new java.util.ArrayList<SocketClient>();
        for (int i = 0; i < 3; i++) {
            held.add(SocketClient.open(RestAssured.port, mine));
        }
        held.forEach(SocketClient::abort);
    }

    @Test
    void frameWithTrailingTokensIsRefusedAndNeverReachesChatAgent() throws Exception {
        var client = socket(UUID.randomUUID(), 300);
        upstreamTurns.clear();
        client.sendRaw("{\"type\":\"user_message\",\"id\":\"t-1\",\"content\":\"hi\"} {}");
        var error = client.next("error", 3000);
        assertEquals("validation_failed", error.getString("code"));
        client.sendRaw("{\"type\":\"chat_turn\",\"id\":\"t-2\",\"content\":\"hi\"}");
        assertEquals("validation_failed", client.next("error", 3000).getString("code"), "an unknown type");
        // positive control: a well-formed turn on the same socket runs, with a reservation
        var turn = turn(client, userMessage("t-3", "hello"));
        assertEquals("t-3", turn.getString("id"), "the refused frames never reached chat-agent");
        assertTrue(turn.getString("reservationId") != null && turn.getLong("reservedTokens") > 0);
        assertTrue(upstreamTurns.isEmpty());
        client.abort();
    }

    @Test
    void framesThatDoNotParseAreAnsweredAndOnlyContractRecordsReachChatAgent() throws Exception {
        var client = socket(UUID.randomUUID(), 300);
        upstreamRaw.clear();
        var refused = java.util.List.of(
                "hello",
                "[1,2]",
                "{\"id\":\"no-type\"}",
                "{\"type\":\"cancel\",\"id\":\"c-0\"} {\"type\":\"ping\"}",
                "{\"type\":\"user_message\",\"id\":\"u-1\",\"content\":\"hi\",\"conversationId\":\"nope\"}",
                "{\"type\":\"user_message\",\"id\":\"u-2\",\"content\":\"hi\",\"maxTokens\":\"lots\"}",
                "{\"type\":\"user_message\",\"id\":\"u-3\",\"content\":\"hi\",\"knowledgeBaseIds\":[{}]}");
        for (String frame : refused) {
            client.sendRaw(frame);
            assertEquals("validation_failed", client.next("error", 3000).getString("code"), frame);
        }
        // positive control: frames that parse go on as the contract's records, unknown fields dropped
        client.sendRaw("{\"type\":\"cancel\",\"id\":\"c-1\",\"evil\":\"<script>\"}");
        client.sendRaw("{\"type\":\"ping\"}");
        assertEquals("pong", client.next("pong", 3000).getString("type"));
        assertEquals("{\"type\":\"cancel\",\"id\":\"c-1\"}", upstreamRaw.poll(3, TimeUnit.SECONDS));
        assertEquals("{\"type\":\"ping\"}", upstreamRaw.poll(3, TimeUnit.SECONDS));
        assertTrue(upstreamRaw.isEmpty(), "nothing refused reached chat-agent: " + upstreamRaw);
        client.abort();
    }

    @Test
    void reservationFieldsAClientSendsAreReplacedByTheGateways() throws Exception {
        var client = socket(UUID.randomUUID(), 300);
        upstreamTurns.clear();
        var turn = turn(
                client,
                userMessage("r-1", "hello").put("reservationId", "forged").put("reservedTokens", 999_999_999L));
        assertTrue(!"forged".equals(turn.getString("reservationId")));
        assertTrue(turn.getLong("reservedTokens") < 999_999_999L, "the gateway's own reservation");
        client.abort();
    }

    @Test
    void replacesOfARegenerateReachesChatAgent() throws Exception {
        var client = socket(UUID.randomUUID(), 300);
        upstreamTurns.clear();
        String conversation = UUID.randomUUID().toString();
        String answer = UUID.randomUUID().toString();
        var turn = turn(
                client,
                userMessage("g-1", "again").put("conversationId", conversation).put("replaces", answer));
        assertEquals(answer, turn.getString("replaces"));
        assertEquals(conversation, turn.getString("conversationId"));
        client.abort();
    }

    @Test
    void socketWithoutAuthFrameIsClosedWith4401() throws Exception {
        var silent = SocketClient.open(RestAssured.port, null);
        assertEquals(4401, silent.closeCode(8000), "no auth frame within 5 s");
        var wrong = SocketClient.open(RestAssured.port, null);
        wrong.send(userMessage("c-1", "hello"));
        assertEquals(4401, wrong.closeCode(3000), "a first frame other than auth");
        var forged = SocketClient.open(RestAssured.port, null);
        forged.send(new JsonObject().put("type", "auth").put("token", "not-a-token"));
        assertEquals(4401, forged.closeCode(3000), "an auth frame with a bad token");
    }

    @Test
    void expiringTokenGetsInvalidTokenErrorAndClose4401() throws Exception {
        var client = socket(UUID.randomUUID(), 2);
        client.send(userMessage("c-1", "hello"));
        client.next("done", 3000);
        var error = client.next("error", 6000);
        assertEquals("invalid_token", error.getString("code"));
        assertEquals(4401, client.closeCode(3000));
    }

    @Test
    void freshAuthFrameExtendsTheSocketAndReachesChatAgent() throws Exception {
        UUID tenant = UUID.randomUUID();
        String user = UUID.randomUUID().toString();
        var client = SocketClient.open(RestAssured.port, token(tenant, user, 2));
        String fresh = token(tenant, user, 300);
        upstreamAuthFrames.clear();
        client.send(new JsonObject().put("type", "auth").put("token", fresh));
        Thread.sleep(3500); // past the first token's expiry
        client.send(userMessage("c-2", "still there?"));
        assertEquals("c-2", client.next("done", 3000).getString("id"));
        assertTrue(!client.closed.isDone(), "the socket stays open");
        // chat-agent only ever sees the gateway's tokens, never the client's
        assertTrue(!upstreamAuthFrames.contains(fresh));
        client.abort();
    }

    @Test
    void freshAuthFrameOfAnotherUserCloses4401() throws Exception {
        UUID tenant = UUID.randomUUID();
        var client = socket(tenant, 300);
        client.send(new JsonObject()
                .put("type", "auth")
                .put("token", token(tenant, UUID.randomUUID().toString(), 300)));
        assertEquals("invalid_token", client.next("error", 3000).getString("code"));
        assertEquals(4401, client.closeCode(3000));
    }

    @Test
    void suspendingTheTenantClosesItsOpenSocketsWith4401() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        var client = socket(tenant, 300);
        var bystander = socket(other, 300);
        suspended.add(tenant);
        tenantChanged.onChanged(new JsonObject()
                .put("eventId", UUID.randomUUID().toString())
                .put("tenantId", tenant.toString())
                .put("occurredAt", Instant.now().toString())
                .put("change", "suspended")
                .put("values", new JsonObject().put("status", "suspended"))
                .encode());
        assertEquals("invalid_token", client.next("error", 3000).getString("code"));
        assertEquals(4401, client.closeCode(3000));
        bystander.send(userMessage("b-1", "unaffected"));
        assertEquals("b-1", bystander.next("done", 3000).getString("id"));
        bystander.abort();
    }

    /** A raw client that sends one message and never reads: the gateway pauses chat-agent, then drops the client. */
    @Test
    void clientThatNeverReadsIsDroppedWithoutUnboundedBuffering() throws Exception {
        String token = token(UUID.randomUUID(), UUID.randomUUID().toString(), 300);
        try (var socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", RestAssured.port), 5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws/chat HTTP/1.1\r\nHost: 127.0.0.1:" + RestAssured.port + "\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: quire.v1\r\n"
                            + "Authorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(15_000);
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            out.write(maskedText(userMessage("f-1", "flood").encode()));
            out.flush();
            // never read again: the relay must stop taking frames from chat-agent and close within its bound
            floodClosed.get(20, TimeUnit.SECONDS);
            int sent = floodSent.get();
            assertTrue(
                    sent < FLOOD_FRAMES / 2,
                    "chat-agent was paused after " + sent + " of " + FLOOD_FRAMES + " frames (16 KiB each)");
            socket.setSoTimeout(30_000);
            byte[] buf = new byte[65536];
            long drained = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                drained += n;
            }
            assertTrue(drained < (long) sent * (FLOOD_TEXT.length() + 100), "the socket ended (EOF)");
        }
    }

    private static String readHead(InputStream in) throws Exception {
        var sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        int len = payload.length;
        int header = len < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + len];
        frame[0] = (byte) 0x81;
        if (len < 126) {
            frame[1] = (byte) (0x80 | len);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (len >> 8);
            frame[3] = (byte) len;
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < len; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
