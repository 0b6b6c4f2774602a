package dev.quire.gateway.edge;

import dev.quire.gateway.proxy.Problems;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * A request line over {@link #MAX_URI_CHARS} (414) or headers over {@link #MAX_HEADER_BYTES} (431) are refused here
 * with a problem body. The HTTP server's own limits ({@code quarkus.http.limits.max-initial-line-length} and
 * {@code max-header-size}, set higher) answer with no body at all and cannot be given one (Quarkus exposes no
 * invalid-request handler), so they only remain as the outer bounds.
 */
@ApplicationScoped
public class RequestHeadLimits {
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    public static final int MAX_URI_CHARS = 8 * 1024;

    void install(@Observes Router router) {
        // after the request id (-1000) and the edge's security headers (-990): a refusal carries both like any answer
        router.route().order(-980).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (ctx.request().uri().length() > MAX_URI_CHARS) {
            Problems.send(
                    ctx,
                    414,
                    "uri_too_long",
                    "URI Too Long",
                    "the path and query are limited to " + MAX_URI_CHARS + " characters");
            return;
        }
        long size = 0;
        for (Map.Entry<String, String> h : ctx.request().headers()) {
            size += h.getKey().length() + h.getValue().length() + 4; // "name: value\r\n"
        }
        if (size > MAX_HEADER_BYTES) {
            Problems.send(
                    ctx,
                    431,
                    "headers_too_large",
                    "Request Header Fields Too Large",
                    "request headers are limited to " + MAX_HEADER_BYTES + " bytes");
            return;
        }
        ctx.next();
    }
}
