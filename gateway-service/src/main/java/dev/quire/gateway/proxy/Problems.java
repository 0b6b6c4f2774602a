package dev.quire.gateway.proxy;

import dev.quire.contracts.Headers;
import dev.quire.contracts.api.Problem;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** Writes problem+json answers from the gateway itself. */
public final class Problems {
    private Problems() {}

    public static void send(RoutingContext ctx, int status, String code, String title, String detail) {
        if (ctx.response().headWritten()) {
            ctx.response().close();
            return;
        }
        String rid = ctx.request().getHeader(Headers.REQUEST_ID);
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Headers.PROBLEM_JSON)
                .end(Json.encode(Problem.of(status, code, title, detail, rid)));
    }
}
