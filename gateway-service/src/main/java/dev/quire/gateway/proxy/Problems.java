package dev.quire.gateway.proxy;

import dev.quire.contracts.Headers;
import dev.quire.contracts.api.Problem;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** Writes the gateway's own error answers: problem+json, or OpenAI's error object under {@code /v1/}. */
public final class Problems {
    private Problems() {}

    public static void send(RoutingContext ctx, int status, String code, String title, String detail) {
        if (ctx.response().headWritten()) {
            ctx.response().close();
            return;
        }
        boolean unreadBody = hasUnreadBody(ctx);
        if (unreadBody) {
            // the body we refuse unread would sit in front of the client's next request on this keep-alive
            // connection (a refused 2 MB upload stalled the next one for a minute): answer, then close
            ctx.response().putHeader("Connection", "close");
        }
        String rid = ctx.request().getHeader(Headers.REQUEST_ID);
        if (ctx.normalizedPath().startsWith("/v1/")) {
            // the OpenAI-compatible surface answers in OpenAI's error shape, so its SDKs raise their usual errors
            var error = new io.vertx.core.json.JsonObject()
                    .put("message", detail)
                    .put(
                            "type",
                            status == 429
                                    ? "rate_limit_error"
                                    : status == 401 ? "authentication_error" : "invalid_request_error")
                    .put("code", code)
                    .putNull("param");
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(new io.vertx.core.json.JsonObject().put("error", error).encode())
                    .onComplete(v -> closeIf(unreadBody, ctx));
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Headers.PROBLEM_JSON)
                .end(Json.encode(Problem.of(status, code, title, detail, rid)))
                .onComplete(v -> closeIf(unreadBody, ctx));
    }

    private static boolean hasUnreadBody(RoutingContext ctx) {
        var req = ctx.request();
        if (req.isEnded()) {
            return false;
        }
        String length = req.getHeader("Content-Length");
        return (length != null && !length.strip().equals("0")) || req.getHeader("Transfer-Encoding") != null;
    }

    private static void closeIf(boolean unreadBody, RoutingContext ctx) {
        if (unreadBody && ctx.request().connection() != null) {
            ctx.request().connection().close();
        }
    }
}
