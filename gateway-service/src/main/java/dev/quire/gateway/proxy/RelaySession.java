package dev.quire.gateway.proxy;

import dev.quire.gateway.auth.Principal;
import dev.quire.gateway.auth.TokenVerifier;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * One relayed chat socket. Client frames are handled one after another (a {@code user_message} waits for its
 * admission, nothing overtakes it); a turn without a stream slot or token budget is answered here with an
 * {@code error} frame. Each direction pauses its source while the other side's write queue is full, so nothing
 * buffers without bound; a client that stays unread past the bound is closed 1008. The credential's expiry, a
 * failed re-check or a refused fresh {@code auth} frame ends the socket with an {@code invalid_token} error and 4401.
 */
final class RelaySession {
    private static final Logger LOG = Logger.getLogger(RelaySession.class);
    /** An upstream close this close to expiry is the expiry (chat-agent closes at the same instant). */
    private static final long EXPIRY_SLACK_MS = 2000;

    private final ChatRelay relay;
    private final Vertx vertx;
    private final Context context;
    private final ServerWebSocket down;
    private final WebSocket up;
    private final Map<String, String> streams = new HashMap<>();
    private Principal p;
    private String credential;
    private long expiresAt;
    private Future<Void> last = Future.succeededFuture();
    private long expiryTimer = -1;
    private long stallTimer = -1;
    private long recheckTimer = -1;
    private boolean ended;

    RelaySession(ChatRelay relay, Principal p, String credential, ServerWebSocket down, WebSocket up) {
        this.relay = relay;
        this.vertx = relay.vertx();
        this.context = vertx.getOrCreateContext();
        this.p = p;
        this.credential = credential;
        this.expiresAt = expiry(credential);
        this.down = down;
        this.up = up;
    }

    void start() {
        var bounds = relay.config.chatSocket();
        down.setWriteQueueMaxSize(bounds.writeQueueBytes());
        up.setWriteQueueMaxSize(bounds.writeQueueBytes());
        down.textMessageHandler(
                text -> last = last.compose(v -> fromClient(text)).recover(e -> Future.succeededFuture()));
        up.textMessageHandler(this::fromChat);
        down.closeHandler(v -> end(() -> {
            if (!up.isClosed()) {
                up.close(closeCode(down.closeStatusCode()), down.closeReason());
            }
        }));
        up.closeHandler(v -> {
            if (expiresAt != Long.MAX_VALUE && System.currentTimeMillis() >= expiresAt - EXPIRY_SLACK_MS) {
                unauthorized("the token has expired");
                return;
            }
            end(() -> {
                if (!down.isClosed()) {
                    down.close(closeCode(up.closeStatusCode()), up.closeReason());
                }
            });
        });
        down.exceptionHandler(e -> {
            FrameLimit.closeIfTooBig(down, e);
            up.close();
        });
        up.exceptionHandler(e -> down.close());
        scheduleExpiry();
        recheckTimer = vertx.setPeriodic(bounds.recheckMs(), id -> recheck());
    }

    /** Called from any thread (tenant.changed): the re-check runs on this socket's event loop. */
    void recheckSoon() {
        context.runOnContext(v -> recheck());
    }

    /** The frame types a client may send; anything else is answered here and never reaches chat-agent. */
    private static final java.util.Set<String> CLIENT_TYPES =
            java.util.Set.of("user_message", "cancel", "ping", "auth");

    /**
     * A client frame is parsed once, here: what does not parse as one JSON object (trailing tokens included) or has
     * an unknown type is answered with an error frame and dropped; what passes goes on re-serialised, without the
     * fields only the gateway may set, so chat-agent never reads anything the gateway did not judge.
     */
    private Future<Void> fromClient(String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text); // fails on trailing tokens after the object
        } catch (RuntimeException e) {
            return invalid(null, "a frame must be exactly one JSON object");
        }
        Object type = frame.getValue("type");
        if (!(type instanceof String t) || !CLIENT_TYPES.contains(t)) {
            return invalid(frame.getValue("id"), "unknown frame type");
        }
        frame.remove("reservationId");
        frame.remove("reservedTokens");
        if ("auth".equals(t)) {
            Object token = frame.getValue("token");
            return token instanceof String s && !s.isBlank()
                    ? reauthenticate(s)
                    : refused("an auth frame needs a token");
        }
        if (!"user_message".equals(t)) {
            toChat(frame.encode());
            return Future.succeededFuture();
        }
        Object id = frame.getValue("id");
        if (!(id instanceof String sid) || sid.isBlank() || sid.length() > 128) {
            return invalid(id, "a user_message needs an id (a string of at most 128 characters)");
        }
        Object max = frame.getValue("maxTokens");
        long asked = max instanceof Number n ? n.longValue() : 0;
        // the credential is checked again first: a turn runs with the caller's current role, not the socket's
        return relay.authenticator
                .authenticate(credential)
                .onSuccess(this::adopt)
                .recover(e -> {
                    if (e instanceof TokenVerifier.Rejected) {
                        unauthorized("the token was revoked or the tenant is no longer active");
                    }
                    return Future.failedFuture(e);
                })
                .compose(np -> relay.turns.admit(p, asked))
                .map(a -> {
                    if (ended) {
                        if (a.refused() == null) {
                            relay.limiter.releaseStream(p.tenantId(), a.turn().streamId());
                        }
                        return null;
                    }
                    if (a.refused() != null) {
                        down.writeTextMessage(new JsonObject()
                                .put("type", "error")
                                .put("id", sid)
                                .put("seq", 0)
                                .put("code", a.refused().code())
                                .put(
                                        "message",
                                        "limit reached; retry after "
                                                + a.refused().retryAfterSeconds() + " s")
                                .put("retryAfterSeconds", a.refused().retryAfterSeconds())
                                .encode());
                        return null;
                    }
                    streams.put(sid, a.turn().streamId());
                    toChat(frame.put("reservationId", a.turn().reservationId())
                            .put("reservedTokens", a.turn().tokens())
                            .encode());
                    return null;
                });
    }

    /** Answers a frame the gateway refuses; the socket stays open. */
    private Future<Void> invalid(Object id, String why) {
        var error = new JsonObject().put("type", "error");
        if (id instanceof String s && s.length() <= 128) {
            error.put("id", s);
        }
        down.writeTextMessage(
                error.put("code", "validation_failed").put("message", why).encode());
        return Future.succeededFuture();
    }

    /** Writes towards chat-agent; while its queue is full the client is not read (TCP pushes back on it). */
    private void toChat(String text) {
        up.writeTextMessage(text);
        if (up.writeQueueFull()) {
            down.pause();
            up.drainHandler(v -> down.resume());
        }
    }

    private void fromChat(String text) {
        down.writeTextMessage(text);
        if (down.writeQueueFull()) {
            up.pause(); // chat-agent's sends now block, and so does its model stream
            down.drainHandler(v -> {
                vertx.cancelTimer(stallTimer);
                stallTimer = -1;
                up.resume();
            });
            if (stallTimer < 0) {
                stallTimer = vertx.setTimer(relay.config.chatSocket().slowClientMs(), id -> {
                    stallTimer = -1;
                    if (down.writeQueueFull()) {
                        LOG.infof("closing a chat socket of tenant %s: the client stopped reading", p.tenantId());
                        end(() -> {
                            up.close((short) 1001, "client gone");
                            down.close((short) 1008, "client is not reading");
                        });
                    }
                });
            }
        }
        // only the last frame of a stream needs a look; token frames pass untouched
        if (text.contains("\"done\"") || text.contains("\"error\"")) {
            try {
                var frame = new JsonObject(text);
                String type = frame.getString("type");
                if ("done".equals(type) || "error".equals(type)) {
                    String streamId = streams.remove(String.valueOf(frame.getValue("id")));
                    if (streamId != null) {
                        relay.limiter.releaseStream(p.tenantId(), streamId);
                    }
                }
            } catch (RuntimeException e) {
                // not JSON: nothing to release
            }
        }
    }

    /** A fresh token from the client: same tenant and user, then it replaces the old one, upstream too. */
    private Future<Void> reauthenticate(String token) {
        return relay.authenticator
                .authenticate(token)
                .onSuccess(np -> {
                    if (!np.tenantId().equals(p.tenantId()) || !Objects.equals(np.userId(), p.userId())) {
                        unauthorized("the new token belongs to someone else");
                        return;
                    }
                    credential = token;
                    expiresAt = expiry(token);
                    adopt(np);
                    scheduleExpiry();
                })
                .onFailure(e -> unauthorized(
                        e instanceof TokenVerifier.Rejected ? "the new token was refused" : "identity check failed"))
                .mapEmpty();
    }

    private Future<Void> refused(String why) {
        unauthorized(why);
        return Future.succeededFuture();
    }

    /** The credential checked again: revoked, expired or a tenant no longer active ends the socket. */
    private void recheck() {
        if (ended) {
            return;
        }
        relay.authenticator.authenticate(credential).onSuccess(this::adopt).onFailure(e -> {
            if (e instanceof TokenVerifier.Rejected) {
                unauthorized("the token was revoked or the tenant is no longer active");
            } // identity cannot be checked now (tenant-service down): keep the socket, the next check decides
        });
    }

    /** A newer principal; a changed forward token (an API key's renewed internal one) goes to chat-agent. */
    private void adopt(Principal np) {
        if (ended) {
            return;
        }
        boolean renewed = !np.serviceToken().equals(p.serviceToken());
        p = np;
        if (renewed) {
            toChat(new JsonObject()
                    .put("type", "auth")
                    .put("token", np.serviceToken())
                    .encode());
        }
    }

    private void scheduleExpiry() {
        vertx.cancelTimer(expiryTimer);
        if (expiresAt != Long.MAX_VALUE) {
            long delay = Math.max(1, expiresAt - System.currentTimeMillis());
            expiryTimer = vertx.setTimer(delay, id -> unauthorized("the token has expired"));
        }
    }

    private void unauthorized(String why) {
        end(() -> {
            if (!down.isClosed()) {
                down.writeTextMessage(new JsonObject()
                        .put("type", "error")
                        .put("code", "invalid_token")
                        .put("message", why + "; reconnect with a fresh token")
                        .encode());
                down.close(ChatRelay.UNAUTHORIZED, "invalid token");
            }
            if (!up.isClosed()) {
                up.close((short) 1000, "client unauthenticated");
            }
        });
    }

    /** Runs {@code closing} once, gives back the stream slots, stops the timers, leaves the registry. */
    private void end(Runnable closing) {
        if (ended) {
            return;
        }
        ended = true;
        vertx.cancelTimer(expiryTimer);
        vertx.cancelTimer(stallTimer);
        vertx.cancelTimer(recheckTimer);
        streams.values().forEach(s -> relay.limiter.releaseStream(p.tenantId(), s));
        streams.clear();
        relay.forget(this, p.tenantId());
        closing.run();
    }

    /** A JWT's {@code exp} in ms (the token was verified already); an API key never expires by itself. */
    static long expiry(String credential) {
        String[] parts = credential.split("\\.");
        if (parts.length != 3) {
            return Long.MAX_VALUE;
        }
        try {
            var claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            Object exp = claims.getValue("exp");
            return exp instanceof Number n ? n.longValue() * 1000 : Long.MAX_VALUE;
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Close codes that may be sent on the wire; 1005/1006 only describe what happened. */
    private static short closeCode(Short code) {
        if (code == null || code == 1005 || code == 1006 || code == 1015) {
            return 1000;
        }
        return code;
    }
}
