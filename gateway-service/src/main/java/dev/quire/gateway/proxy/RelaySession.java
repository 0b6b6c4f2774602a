package dev.quire.gateway.proxy;

import dev.quire.contracts.chat.ClientFrame;
import dev.quire.contracts.chat.ServerFrame;
import dev.quire.gateway.auth.Principal;
import dev.quire.gateway.auth.TokenVerifier;
import dev.quire.platform.auth.CredentialExpiry;
import dev.quire.platform.chat.Frames;
import dev.quire.platform.runtime.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
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
 * One class because both directions of the relay share the socket's state — the open stream slots, the current
 * principal and credential, the stall and re-check timers, the ended flag — and {@code end()} must release it all
 * exactly once, whichever side or check ends the socket first.
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
    private final CredentialExpiry expiry;
    private Future<Void> last = Future.succeededFuture();
    private long stallTimer = -1;
    private long recheckTimer = -1;
    private boolean ended;
    /** The gateway is shutting down: no new turns; the socket closes 1001 once its open answers are done. */
    private boolean draining;
    /** Turns accepted before the drain whose admission (credential check, stream slot) has not finished yet. */
    private int admitting;

    /** Ends the upgrade request's count in Quarkus's graceful shutdown ({@link dev.quire.platform.http.UpgradedRequests}). */
    private final Runnable requestDone;

    RelaySession(
            ChatRelay relay, Principal p, String credential, ServerWebSocket down, WebSocket up, Runnable requestDone) {
        this.relay = relay;
        this.vertx = relay.vertx();
        this.context = vertx.getOrCreateContext();
        this.p = p;
        this.credential = credential;
        this.expiry =
                new CredentialExpiry(vertx, () -> context.runOnContext(v -> unauthorized("the token has expired")));
        this.down = down;
        this.up = up;
        this.requestDone = requestDone;
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
            if (expiry.expiredWithin(EXPIRY_SLACK_MS)) {
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
        expiry.renew(credential);
        recheckTimer = vertx.setPeriodic(bounds.recheckMs(), id -> recheck());
    }

    /** Called from any thread (tenant.changed): the re-check runs on this socket's event loop. */
    void recheckSoon() {
        context.runOnContext(v -> recheck());
    }

    /**
     * A client frame is parsed once, here, into the contract's {@link ClientFrame}: what does not parse (not exactly
     * one JSON object, an unknown type, a field of the wrong type) is answered with an error frame and dropped; what
     * passes goes on as the re-serialised record, the gateway's reservation in place of any the client sent, so
     * chat-agent never reads anything the gateway did not judge.
     */
    private Future<Void> fromClient(String text) {
        ClientFrame parsed;
        try {
            parsed = Frames.readClient(relay.json, text);
        } catch (Frames.Invalid e) {
            return invalid(e.id, e.getMessage());
        }
        if (parsed instanceof ClientFrame.Auth a) {
            return a.token() != null && !a.token().isBlank()
                    ? reauthenticate(a.token())
                    : refused("an auth frame needs a token");
        }
        if (!(parsed instanceof ClientFrame.UserMessage message)) {
            toChat(Frames.text(relay.json, parsed));
            return Future.succeededFuture();
        }
        String sid = message.id();
        if (draining) {
            // the answer would be cut by the shutdown: refused before it starts, the client sends it again after
            // reconnecting (the 1001 close follows once this socket's open answers are done)
            down.writeTextMessage(Frames.text(
                    relay.json,
                    new ServerFrame.Error("unavailable", "the server is restarting; send the message again", 1),
                    sid));
            return Future.succeededFuture();
        }
        if (sid == null || sid.isBlank() || sid.length() > 128) {
            return invalid(null, "a user_message needs an id (a string of at most 128 characters)");
        }
        long asked = message.maxTokens() == null ? 0 : message.maxTokens();
        admitting++; // a drain waits for this turn: it was sent before the shutdown began
        Span span = relay.turnSpan(message.traceparent(), p.tenantId());

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
                .onComplete(done -> {
                    admitting--;
                    if (done.failed() || done.result().refused() != null) {
                        closeIfDrained();
                    }
                })
                .<Void>map(a -> {
                    if (ended) {
                        if (a.refused() == null) {
                            relay.limiter.releaseStream(p.tenantId(), a.turn().streamId());
                        }
                        return null;
                    }
                    if (a.refused() != null) {
                        down.writeTextMessage(Frames.write(
                                        relay.json,
                                        new ServerFrame.Error(
                                                a.refused().code(),
                                                "limit reached; retry after "
                                                        + a.refused().retryAfterSeconds() + " s",
                                                (int) a.refused().retryAfterSeconds()),
                                        sid,
                                        0L)
                                .toString());
                        return null;
                    }
                    streams.put(sid, a.turn().streamId());
                    // the client's traceparent is never forwarded: the gateway's turn span's (none when not traced)
                    String traceparent = TraceContext.of(
                                    io.opentelemetry.context.Context.root().with(span))
                            .traceparent();
                    toChat(Frames.text(
                            relay.json,
                            message.reserved(a.turn().reservationId(), a.turn().tokens())
                                    .traced(traceparent)));
                    return null;
                })
                .onComplete(done -> span.end());
    }

    /** Answers a frame the gateway refuses; the socket stays open. */
    private Future<Void> invalid(String id, String why) {
        down.writeTextMessage(Frames.text(relay.json, new ServerFrame.Error("validation_failed", why), id));
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
        // each frame is parsed once, as the contract's record: the end of a stream gives its slot back
        try {
            var received = Frames.readServer(relay.json, text);
            if (received.ends()) {
                String streamId = streams.remove(received.id());
                if (streamId != null) {
                    relay.limiter.releaseStream(p.tenantId(), streamId);
                }
                closeIfDrained();
            }
        } catch (Frames.Invalid e) {
            LOG.warnf("chat-agent sent a frame outside the protocol: %s", e.getMessage());
        }
    }

    /** Called from the shutdown thread: stop taking turns, close 1001 now if no answer is streaming. */
    void drain() {
        context.runOnContext(v -> {
            draining = true;
            closeIfDrained();
        });
    }

    /** Draining and nothing left to finish (no stream open, no turn being admitted): close 1001. */
    private void closeIfDrained() {
        if (draining && streams.isEmpty() && admitting == 0) {
            goAway();
        }
    }

    /** Closes with 1001 (going away): the client reconnects, to another replica behind the Service. */
    void goAway() {
        context.runOnContext(v -> end(() -> {
            if (!down.isClosed()) {
                down.close((short) 1001, "server shutting down");
            }
            if (!up.isClosed()) {
                up.close((short) 1000, "gateway shutting down");
            }
        }));
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
                    adopt(np);
                    expiry.renew(token);
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
            toChat(Frames.text(relay.json, new ClientFrame.Auth(np.serviceToken())));
        }
    }

    private void unauthorized(String why) {
        end(() -> {
            if (!down.isClosed()) {
                down.writeTextMessage(Frames.text(
                        relay.json,
                        new ServerFrame.Error("invalid_token", why + "; reconnect with a fresh token"),
                        null));
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
        expiry.cancel();
        vertx.cancelTimer(stallTimer);
        vertx.cancelTimer(recheckTimer);
        streams.values().forEach(s -> relay.limiter.releaseStream(p.tenantId(), s));
        streams.clear();
        relay.forget(this, p.tenantId());
        closing.run();
        requestDone.run();
    }

    /** Close codes that may be sent on the wire; 1005/1006 only describe what happened. */
    private static short closeCode(Short code) {
        if (code == null || code == 1005 || code == 1006 || code == 1015) {
            return 1000;
        }
        return code;
    }
}
