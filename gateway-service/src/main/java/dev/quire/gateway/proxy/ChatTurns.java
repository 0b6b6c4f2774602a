package dev.quire.gateway.proxy;

import dev.quire.contracts.Headers;
import dev.quire.gateway.auth.Principal;
import dev.quire.gateway.config.GatewayConfig;
import dev.quire.gateway.limits.Decision;
import dev.quire.gateway.limits.Limiter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import lombok.RequiredArgsConstructor;

/**
 * A chat turn is admitted only with a free stream slot and a token reservation (prompt allowance + the completion
 * cap asked for, bounded by config) taken from the tenant's per-minute and per-day budgets. chat-agent receives
 * the reservation and never spends past it; usage.recorded settles it to the actual spend.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ChatTurns {
    private static final Pattern MESSAGES = Pattern.compile("^/api/v1/conversations/[^/]+/messages$");

    /** What one admitted turn holds until it ends. */
    public record Turn(String reservationId, long tokens, String streamId) {}

    private final Limiter limiter;
    private final HttpProxy proxy;
    private final GatewayConfig config;

    public static boolean isTurn(HttpMethod method, String path) {
        return method == HttpMethod.POST
                && (path.equals("/v1/chat/completions")
                        || MESSAGES.matcher(path).matches());
    }

    /** Reads the (small, JSON) body of a turn, admits it, and forwards it with its reservation. */
    public void forward(RoutingContext ctx, Principal p, URI target) {
        ctx.request().body().onFailure(e -> ctx.response().close()).onSuccess(body -> {
            long asked = requestedMaxTokens(body);
            admit(p, asked).onSuccess(admission -> {
                if (admission.refused() != null) {
                    GatewayRouter.limited(ctx, admission.refused());
                    return;
                }
                Turn t = admission.turn();
                var once = new AtomicBoolean();
                proxy.forward(
                        ctx,
                        target,
                        new HttpProxy.Forward(
                                p.serviceToken(),
                                Map.of(
                                        Headers.RESERVATION_ID, t.reservationId(),
                                        Headers.RESERVATION_TOKENS, Long.toString(t.tokens())),
                                body,
                                () -> {
                                    if (once.compareAndSet(false, true)) {
                                        limiter.releaseStream(p.tenantId(), t.streamId());
                                    }
                                }));
            });
        });
        ctx.request().resume(); // routing paused it; the body is read now
    }

    /** A turn admitted (with what it holds) or refused (with the decision to answer). */
    public record Admission(Turn turn, Decision refused) {}

    /** Takes a stream slot, then reserves tokens (giving the slot back if the budget says no). */
    public Future<Admission> admit(Principal p, long askedMaxTokens) {
        var limits = p.tenant().limits();
        String streamId = UUID.randomUUID().toString();
        long completion = Math.min(
                askedMaxTokens > 0 ? askedMaxTokens : config.limits().defaultMaxTokens(),
                config.limits().maxCompletionTokens());
        long tokens = config.limits().promptReserveTokens() + completion;
        return limiter.acquireStream(p.tenantId(), streamId, limits.concurrentStreams())
                .compose(slot -> {
                    if (!slot) {
                        return Future.succeededFuture(
                                new Admission(null, Decision.refuse(limits.concurrentStreams(), 5, "rate_limited")));
                    }
                    String reservationId = UUID.randomUUID().toString();
                    return limiter.reserve(
                                    p.tenantId(),
                                    reservationId,
                                    tokens,
                                    limits.tokensPerMinute(),
                                    limits.tokensPerDay())
                            .map(d -> {
                                if (!d.allowed()) {
                                    limiter.releaseStream(p.tenantId(), streamId);
                                    return new Admission(null, d);
                                }
                                return new Admission(new Turn(reservationId, tokens, streamId), null);
                            });
                });
    }

    /** {@code maxTokens} (Quire) or {@code max_tokens}/{@code max_completion_tokens} (OpenAI); 0 when absent. */
    static long requestedMaxTokens(Buffer body) {
        try {
            var json = new JsonObject(body);
            for (String f : new String[] {"maxTokens", "max_tokens", "max_completion_tokens"}) {
                Object v = json.getValue(f);
                if (v instanceof Number n && n.longValue() > 0) {
                    return n.longValue();
                }
            }
        } catch (RuntimeException e) {
            // not JSON: the service answers with its own validation error; the reservation uses the default
        }
        return 0;
    }
}
