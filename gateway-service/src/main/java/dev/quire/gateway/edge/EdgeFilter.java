package dev.quire.gateway.edge;

import dev.quire.gateway.config.GatewayConfig;
import dev.quire.gateway.proxy.Problems;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import lombok.RequiredArgsConstructor;

/**
 * What every response gets before any route runs: security headers, CORS for allow-listed origins only (preflights
 * answered here), and the JSON body cap on everything but uploads (those are capped per plan after authentication).
 */
@ApplicationScoped
@RequiredArgsConstructor
public class EdgeFilter {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none';"
            + " frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Accept, X-Request-Id";

    private final GatewayConfig config;

    public void handle(RoutingContext ctx) {
        var req = ctx.request();
        var h = ctx.response().headers();
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", CSP);
        // over TLS as the gateway determined it: a client's own X-Forwarded-Proto counts only from a trusted proxy
        if (config.hsts() || "https".equals(ClientAddress.scheme(ctx))) {
            h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        String origin = req.getHeader("Origin");
        boolean allowed = origin != null && allowedOrigins().contains(origin);
        if (allowed) {
            h.set("Access-Control-Allow-Origin", origin);
            h.set(
                    "Access-Control-Expose-Headers",
                    "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Allow");
            h.add("Vary", "Origin");
        }
        if (req.method() == HttpMethod.OPTIONS && req.getHeader("Access-Control-Request-Method") != null) {
            if (!allowed) {
                Problems.send(ctx, 403, "forbidden", "Forbidden", "this origin is not allowed");
                return;
            }
            h.set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
            h.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            h.set("Access-Control-Max-Age", "600");
            ctx.response().setStatusCode(204).end();
            return;
        }
        if (!isUpload(ctx) && contentLength(ctx) > config.jsonBodyMaxBytes()) {
            Problems.send(
                    ctx,
                    413,
                    "payload_too_large",
                    "Payload Too Large",
                    "request bodies are limited to " + config.jsonBodyMaxBytes() + " bytes");
            return;
        }
        ctx.next();
    }

    /** Multipart uploads are capped by plan once the caller's tenant is known. */
    public static boolean isUpload(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase().startsWith("multipart/");
    }

    public static long contentLength(RoutingContext ctx) {
        String len = ctx.request().getHeader("Content-Length");
        try {
            return len == null ? 0 : Long.parseLong(len.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private List<String> allowedOrigins() {
        return config.allowedOrigins().orElse(List.of());
    }
}
