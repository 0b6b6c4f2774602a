package dev.quire.gateway;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** The stand-in services the gateway's tests start on the ports its test profile points at (18182, 18184). */
final class StandIns {
    private StandIns() {}

    /** A stand-in server on a Vert.x of its own; closing it stops both. */
    record Upstream(Vertx vertx, HttpServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            vertx.close();
        }
    }

    /** A stand-in on 127.0.0.1:{@code port} with {@code handler} on a new Vert.x, listening when this returns. */
    static Upstream start(int port, Handler<HttpServerRequest> handler) throws Exception {
        Vertx vertx = Vertx.vertx();
        return new Upstream(vertx, listen(vertx, port, handler));
    }

    /** Answers 200 JSON: the request's method and {@code Authorization} header, and the {@code fields} a test reads. */
    static void echo(HttpServerRequest req, JsonObject fields) {
        req.response()
                .putHeader("Content-Type", "application/json")
                .end(fields.put("method", req.method().name())
                        .put("authorization", req.getHeader("Authorization"))
                        .encode());
    }

    /** An HTTP server on 127.0.0.1:{@code port} with {@code handler}, listening when this returns (10 s at most). */
    static HttpServer listen(Vertx vertx, int port, Handler<HttpServerRequest> handler) throws Exception {
        return listen(vertx, new HttpServerOptions(), port, handler);
    }

    static HttpServer listen(Vertx vertx, HttpServerOptions options, int port, Handler<HttpServerRequest> handler)
            throws Exception {
        return vertx.createHttpServer(options)
                .requestHandler(handler)
                .listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** A pro tenant's limits as the fake directory reports them: generous, but {@code requestsPerMinute}. */
    static JsonObject limits(int requestsPerMinute) {
        return new JsonObject()
                .put("requestsPerMinute", requestsPerMinute)
                .put("tokensPerMinute", 1000000)
                .put("tokensPerDay", 10000000)
                .put("concurrentStreams", 10)
                .put("maxDocuments", 100)
                .put("maxStorageMb", 100)
                .put("maxUploadMb", 1)
                .put("maxConnectors", 1);
    }
}
