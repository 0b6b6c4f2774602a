package dev.quire.gateway.edge;

import dev.quire.contracts.Headers;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/** The first handler of every request: keeps a client's safe request id, or gives the request a new one. */
public final class RequestIds {
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    /** Keeps the client's request id when it is safe to log and echo, else sets a new one; echoes it. */
    public static void handle(RoutingContext ctx) {
        // the request's own context, where its trace is current: the proxy sends from it whatever hops came between
        RequestContext.remember(ctx);
        String rid = ctx.request().getHeader(Headers.REQUEST_ID);
        if (rid == null || !SAFE_REQUEST_ID.matcher(rid).matches()) {
            rid = UUID.randomUUID().toString();
            ctx.request().headers().set(Headers.REQUEST_ID, rid);
        }
        ctx.response().putHeader(Headers.REQUEST_ID, rid);
        ctx.next();
    }
}
