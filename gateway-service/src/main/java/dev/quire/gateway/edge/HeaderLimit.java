package dev.quire.gateway.edge;

import dev.quire.gateway.proxy.Problems;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Request headers over {@link #MAX_HEADER_BYTES} are refused here with 431 and a problem body. The HTTP server's own
 * limit ({@code quarkus.http.limits.max-header-size}, set higher) answers 431 with no body at all and cannot be given
 * one (Quarkus exposes no invalid-request handler), so it only remains as the outer bound.
 */
@ApplicationScoped
public class HeaderLimit {
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    void install(@Observes Router router) {
        router.route().order(-1100).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
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
