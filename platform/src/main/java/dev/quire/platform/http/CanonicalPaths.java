package dev.quire.platform.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * One path form for the gateway and every service: a path with matrix parameters ({@code ;x=1}), a trailing
 * slash, an empty segment, a backslash, NUL or an encoded separator is refused with 404 before any routing. The
 * gateway judges (admission, turn matching) exactly the path the service routes: JAX-RS would otherwise route
 * {@code /v1/chat/completions/} and {@code ;x=1} variants that the gateway's patterns do not see as the same route.
 */
@ApplicationScoped
public class CanonicalPaths {
    /** Runs before every other route of the service's HTTP router (the management interface has its own). */
    static final int ORDER = -2000;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        var req = ctx.request();
        if (hasNul(req.path())
                || hasNul(req.query())
                || req.headers().entries().stream().anyMatch(h -> h.getValue().indexOf('\0') >= 0)) {
            // PostgreSQL text cannot hold NUL: refused before any string of the request reaches a service
            boolean openAi = req.path() != null && req.path().startsWith("/v1/");
            ctx.response()
                    .setStatusCode(400)
                    .putHeader("Content-Type", openAi ? "application/json" : "application/problem+json")
                    .end(
                            openAi
                                    ? "{\"error\":{\"message\":\"" + NUL + "\",\"type\":\"invalid_request_error\","
                                            + "\"code\":\"validation_failed\"}}"
                                    : problem(ctx, 400, "validation_failed", "Bad Request", NUL));
            return;
        }
        if (isCanonical(req.path())) {
            ctx.next();
            return;
        }
        ctx.response()
                .setStatusCode(404)
                .putHeader("Content-Type", "application/problem+json")
                .end(problem(
                        ctx,
                        404,
                        "not_found",
                        "Not Found",
                        "no route for this form of path (matrix parameters, trailing or double slashes and encoded"
                                + " separators are not accepted)"));
    }

    /** The same problem+json every other refusal is: its type URI and the request's id. */
    private static String problem(RoutingContext ctx, int status, String code, String title, String detail) {
        String rid = ctx.request().getHeader(dev.quire.contracts.Headers.REQUEST_ID);
        return io.vertx.core.json.Json.encode(
                dev.quire.contracts.api.Problem.of(status, code, title, detail, rid == null ? null : rid.strip()));
    }

    private static final String NUL = "text must not contain NUL (U+0000) characters";

    /** A raw (still percent-encoded) value that holds NUL, encoded or not. */
    static boolean hasNul(String raw) {
        return raw != null && (raw.indexOf('\0') >= 0 || raw.contains("%00"));
    }

    /** Whether a raw request path (before decoding) is in the one accepted form. */
    public static boolean isCanonical(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        if (path.length() > 1 && path.endsWith("/")) {
            return false;
        }
        if (path.indexOf(';') >= 0 || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0 || path.contains("//")) {
            return false;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        // encoded ';', '/', '\', NUL: decoded after routing, they would change what the path means
        return !(lower.contains("%3b") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00"));
    }
}
