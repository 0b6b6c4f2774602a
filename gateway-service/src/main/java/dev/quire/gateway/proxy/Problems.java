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
                    .end(new io.vertx.core.json.JsonObject().put("error", error).encode());
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Headers.PROBLEM_JSON)
                .end(Json.encode(Problem.of(status, code, title, detail, rid)));
    }
}
