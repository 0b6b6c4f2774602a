package dev.quire.gateway.proxy;

import dev.quire.contracts.Headers;
import dev.quire.gateway.auth.TokenVerifier;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** The gateway's routes: request ids on everything, token checks, forwarding by prefix, the chat relay, 404s. */
@ApplicationScoped
public class GatewayRouter implements HttpServerOptionsCustomizer {
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Routes routes;
    private final TokenVerifier verifier;
    private final HttpProxy proxy;
    private final ChatRelay relay;

    public GatewayRouter(Routes routes, TokenVerifier verifier, HttpProxy proxy, ChatRelay relay) {
        this.routes = routes;
        this.verifier = verifier;
        this.proxy = proxy;
        this.relay = relay;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        // the server answers the quire.v1 subprotocol (never the bearer one); client frames over 64 KiB close 1009
        options.setWebSocketSubProtocols(List.of(ChatRelay.SUBPROTOCOL))
                .setMaxWebSocketFrameSize(65536)
                .setMaxWebSocketMessageSize(65536);
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::requestId);
        router.route("/ws/chat").order(-900).handler(this::chat);
        router.route("/.well-known/*").order(-900).handler(this::api);
        router.route("/api/v1/*").order(-900).handler(this::api);
        router.route("/v1/*").order(-900).handler(this::api);
        router.route().order(Integer.MAX_VALUE - 1).handler(this::notFound);
        router.errorHandler(404, this::notFound);
    }

    private void requestId(RoutingContext ctx) {
        String rid = ctx.request().getHeader(Headers.REQUEST_ID);
        if (rid == null || !SAFE_REQUEST_ID.matcher(rid).matches()) {
            rid = UUID.randomUUID().toString();
            ctx.request().headers().set(Headers.REQUEST_ID, rid);
        }
        ctx.response().putHeader(Headers.REQUEST_ID, rid);
        ctx.next();
    }

    private void api(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        var target = routes.target(path);
        if (target.isEmpty()) {
            notFound(ctx);
            return;
        }
        ctx.request().pause();
        if (routes.isPublic(path)) {
            proxy.forward(ctx, target.get());
            return;
        }
        String token = TokenVerifier.bearer(ctx.request().getHeader("Authorization"));
        ctx.vertx()
                .executeBlocking(() -> verifier.verify(token), false)
                .onSuccess(jwt -> proxy.forward(ctx, target.get()))
                .onFailure(e -> unauthorized(ctx));
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
        String token =
                ChatRelay.offeredToken(req).orElseGet(() -> TokenVerifier.bearer(req.getHeader("Authorization")));
        req.pause();
        ctx.vertx()
                .executeBlocking(() -> verifier.verify(token), false)
                .onSuccess(jwt -> relay.relay(
                        req,
                        token,
                        () -> Problems.send(
                                ctx, 502, "upstream_unavailable", "Bad Gateway", "the chat service is unavailable")))
                .onFailure(e -> unauthorized(ctx));
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
