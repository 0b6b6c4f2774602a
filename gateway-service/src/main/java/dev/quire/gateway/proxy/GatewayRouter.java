package dev.quire.gateway.proxy;

import dev.quire.gateway.auth.Authenticator;
import dev.quire.gateway.auth.Principal;
import dev.quire.gateway.auth.TokenVerifier;
import dev.quire.gateway.edge.EdgeFilter;
import dev.quire.gateway.events.RequestCounter;
import dev.quire.gateway.limits.Decision;
import dev.quire.gateway.limits.Limiter;
import dev.quire.platform.runtime.TraceContext;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import lombok.RequiredArgsConstructor;

/**
 * The gateway's routes: edge headers and request ids on everything, then for API calls authentication, the
 * tenant's request rate, chat turns through {@link ChatTurns}, forwarding by prefix; the chat relay; 404s.
 * One class because the routes are installed in one order on one router, and the API and chat paths share the same
 * admission and its answers: authenticate, count against the tenant's rate, then 401, 503 or 429 with the same rate
 * headers.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class GatewayRouter implements HttpServerOptionsCustomizer {
    private final Routes routes;
    private final Authenticator authenticator;
    private final HttpProxy proxy;
    private final ChatRelay relay;
    private final ChatTurns turns;
    private final Limiter limiter;
    private final RequestCounter counter;
    private final EdgeFilter edge;
    private final dev.quire.gateway.config.GatewayConfig config;
    private final dev.quire.gateway.openapi.PublicApiDocument openApi;
    private final dev.quire.gateway.openapi.PublicOperations operations;
    private final EventStreams eventStreams;

    /** A knowledge base's document events (SSE): open as long as its client listens. */
    private static final java.util.regex.Pattern EVENT_STREAM =
            java.util.regex.Pattern.compile("^/api/v1/knowledge-bases/[^/]+/events/?$");

    private static boolean isEventStream(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.GET
                && EVENT_STREAM.matcher(ctx.normalizedPath()).matches();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        // the server answers the quire.v1 subprotocol (never the bearer one); client frames over 64 KiB close 1009
        options.setWebSocketSubProtocols(List.of(ChatRelay.SUBPROTOCOL))
                .setMaxWebSocketFrameSize(65536)
                .setMaxWebSocketMessageSize(65536);
    }

    void install(@Observes Router router) {
        // before platform's CanonicalPaths (-2000), so its refusals carry the request id too
        router.route().order(-2100).handler(dev.quire.gateway.edge.RequestIds::handle);
        router.route().order(-990).handler(edge::handle);
        router.route("/ws/chat").order(-900).handler(this::chat);
        // the public API's OpenAPI document (merged from the services' at build time), public like the plan catalogue
        router.route(dev.quire.gateway.openapi.PublicApiDocument.PATH)
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .order(-910)
                .handler(openApi::serve);
        router.route(dev.quire.gateway.openapi.PublicApiDocument.PATH)
                .order(-909)
                .handler(ctx -> {
                    ctx.response().putHeader("Allow", "GET, HEAD");
                    Problems.send(
                            ctx,
                            405,
                            "method_not_allowed",
                            "Method Not Allowed",
                            "the OpenAPI document is read with GET");
                });
        router.route("/.well-known/*").order(-900).handler(this::api);
        router.route("/api/v1/*").order(-900).handler(this::api);
        router.route("/v1/*").order(-900).handler(this::api);
        // health, metrics and the like answer only on the management interface (its own port), never here
        router.route("/q/*").order(-900).handler(this::notFound);
        router.route().order(Integer.MAX_VALUE - 1).handler(this::notFound);
        router.errorHandler(404, this::notFound);
    }

    private void api(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        var target = routes.target(path);
        if (target.isEmpty()) {
            notFound(ctx);
            return;
        }
        if (operations.answeredOtherMethod(ctx, path)) {
            return;
        }
        ctx.request().pause();
        if (routes.isPublic(ctx.request().method().name(), path)) {
            anonymous(ctx, path).onSuccess(d -> {
                if (d == null || d.allowed()) {
                    proxy.forward(ctx, target.get());
                } else {
                    limited(ctx, d);
                }
            });
            return;
        }
        authenticator
                .authenticate(TokenVerifier.bearer(ctx.request().getHeader("Authorization")))
                .onFailure(e -> authFailed(ctx, e))
                .onSuccess(p -> limiter.admit(p.tenantId(), p.tenant().limits().requestsPerMinute())
                        .onSuccess(d -> {
                            if (!d.allowed()) {
                                limited(ctx, d);
                                return;
                            }
                            counter.admitted(p.tenantId());
                            rateHeaders(ctx, d);
                            passwordGuesses(ctx, path, p).onSuccess(g -> {
                                if (g == null || g.allowed()) {
                                    admitted(ctx, p, target.get());
                                } else {
                                    limited(ctx, g);
                                }
                            });
                        }));
    }

    private void admitted(RoutingContext ctx, Principal p, java.net.URI target) {
        long uploadCap = (long) p.tenant().limits().maxUploadMb() * 1024 * 1024;
        if (EdgeFilter.isUpload(ctx) && EdgeFilter.contentLength(ctx) > uploadCap) {
            Problems.send(
                    ctx,
                    413,
                    "payload_too_large",
                    "Payload Too Large",
                    "uploads on this plan are limited to " + p.tenant().limits().maxUploadMb() + " MB");
            return;
        }
        if (ChatTurns.isTurn(ctx.request().method(), ctx.normalizedPath())) {
            turns.forward(ctx, p, target);
        } else {
            boolean upload = EdgeFilter.isUpload(ctx);
            // tenant-service checks users itself and takes the Quire token; every other service takes only the
            // gateway's short-lived token (current role, plan limits), so a direct call with a user's token fails
            String token = routes.ownedByTenantService(ctx.normalizedPath()) ? p.forwardToken() : p.serviceToken();
            var forward = HttpProxy.Forward.as(token).capped(upload ? uploadCap : config.jsonBodyMaxBytes());
            if (isEventStream(ctx)) {
                // an event stream holds a pooled connection to its service while it is open: capped per user (or
                // key) and per tenant, so held streams cannot take the pool every tenant's requests need
                Runnable release = eventStreams.admit(ctx, p);
                if (release == null) {
                    limited(ctx, Decision.refuse(config.limits().eventStreamsPerUser(), 5, "rate_limited"));
                    return;
                }
                forward = forward.whenEnded(release);
            }
            proxy.forward(ctx, target, forward);
        }
    }

    /**
     * A password change checks the current password: with a stolen access token it would be a way to guess it beside
     * the sign-in's limit, so it is limited per user like the sign-in is per address.
     */
    private io.vertx.core.Future<Decision> passwordGuesses(RoutingContext ctx, String path, Principal p) {
        if (ctx.request().method() != HttpMethod.POST || !"/api/v1/auth/password".equals(path) || p.userId() == null) {
            return io.vertx.core.Future.succeededFuture(null);
        }
        return limiter.admitUser(
                "password", p.tenantId(), p.userId(), config.limits().tokenPerMinute(), Limiter.MINUTE_MS);
    }

    /** Per-client-IP limits of the unauthenticated routes that guess passwords or create tenants. */
    private io.vertx.core.Future<Decision> anonymous(RoutingContext ctx, String path) {
        String ip = dev.quire.gateway.edge.ClientAddress.ip(ctx); // a client's X-Forwarded-For is not believed
        if (ctx.request().method() != HttpMethod.POST) {
            return io.vertx.core.Future.succeededFuture(null);
        }
        return switch (path) {
            case "/api/v1/auth/signup" -> limiter.admitAnonymous(
                    "signup", ip, config.limits().signupPerHour(), Limiter.HOUR_MS);
            case "/api/v1/auth/token" -> limiter.admitAnonymous(
                    "token", ip, config.limits().tokenPerMinute(), Limiter.MINUTE_MS);
                // guessing invitation codes is limited like guessing passwords
            case "/api/v1/auth/accept-invitation", "/api/v1/auth/invitation" -> limiter.admitAnonymous(
                    "invitation", ip, config.limits().tokenPerMinute(), Limiter.MINUTE_MS);
            default -> io.vertx.core.Future.succeededFuture(null);
        };
    }

    private void chat(RoutingContext ctx) {
        var req = ctx.request();
        if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            Problems.send(ctx, 400, "validation_failed", "Bad Request", "/ws/chat expects a WebSocket upgrade");
            return;
        }
        if (!relay.originAllowed(req)) {
            Problems.send(ctx, 403, "forbidden", "Forbidden", "this origin may not open the chat socket");
            return;
        }
        String header = req.getHeader("Authorization");
        var offered = ChatRelay.offeredToken(req);
        if (offered.isEmpty() && header == null) {
            relay.relayAfterAuthFrame(req); // a browser: the token comes as the first frame
            return;
        }
        String token = offered.orElseGet(() -> TokenVerifier.bearer(header));
        // taken now, before the admission's hops: the upgrade to chat-agent continues this request's trace
        TraceContext trace = TraceContext.current();
        req.pause();
        relay.admit(token)
                .onFailure(e -> {
                    if (e instanceof ChatRelay.Limited l) {
                        limited(ctx, l.decision);
                    } else {
                        authFailed(ctx, e);
                    }
                })
                .onSuccess(a -> relay.relay(
                        req,
                        a,
                        token,
                        trace,
                        () -> Problems.send(
                                ctx, 502, "upstream_unavailable", "Bad Gateway", "the chat service is unavailable")));
    }

    static void rateHeaders(RoutingContext ctx, Decision d) {
        ctx.response()
                .putHeader("RateLimit-Limit", Long.toString(d.limit()))
                .putHeader("RateLimit-Remaining", Long.toString(Math.max(0, d.remaining())))
                .putHeader("RateLimit-Reset", Long.toString(d.resetSeconds()));
    }

    static void limited(RoutingContext ctx, Decision d) {
        ctx.response()
                .putHeader("Retry-After", Long.toString(d.retryAfterSeconds()))
                .putHeader("RateLimit-Limit", Long.toString(d.limit()))
                .putHeader("RateLimit-Remaining", "0")
                .putHeader("RateLimit-Reset", Long.toString(d.retryAfterSeconds()));
        boolean daily = "quota_exceeded".equals(d.code());
        Problems.send(
                ctx,
                429,
                d.code(),
                "Too Many Requests",
                daily
                        ? "the daily quota of this plan is used up; retry after " + d.retryAfterSeconds() + " s"
                        : "rate limit reached; retry after " + d.retryAfterSeconds() + " s");
    }

    /** A refused credential is 401; a tenant-service that cannot answer is 503, not a false "bad token". */
    private static void authFailed(RoutingContext ctx, Throwable e) {
        if (e instanceof TokenVerifier.Rejected) {
            unauthorized(ctx);
        } else {
            ctx.response().putHeader("Retry-After", "5");
            Problems.send(ctx, 503, "upstream_unavailable", "Service Unavailable", "identity cannot be checked now");
        }
    }

    private static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        Problems.send(ctx, 401, "invalid_token", "Unauthorized", "a valid bearer token is required");
    }

    private void notFound(RoutingContext ctx) {
        Problems.send(
                ctx,
                404,
                "not_found",
                "Not Found",
                "no route for " + ctx.request().path());
    }
}
