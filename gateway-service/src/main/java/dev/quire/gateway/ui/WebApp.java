package dev.quire.gateway.ui;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the web app built into the classpath folder {@code webui/} at {@code /}: its static files, and for a
 * browser's navigation to any other path (never the API, WebSocket, management or well-known paths) its
 * {@code index.html}, so the app's own routes survive a reload.
 */
@ApplicationScoped
public class WebApp {
    static final String ROOT = "webui/";
    private static final List<String> NOT_UI = List.of("/api/", "/v1/", "/ws/", "/q/", "/.well-known/");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("woff2", "font/woff2"));

    /** Files already read from the classpath (only found ones, so unknown paths cannot grow it). */
    private final Map<String, Buffer> cache = new ConcurrentHashMap<>();

    void install(@Observes Router router) {
        router.route()
                .order(-800)
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!isUiPath(path)) {
            ctx.next();
            return;
        }
        // real files all have an extension; any other path is one of the app's pages when a browser navigates to it
        String last = path.substring(path.lastIndexOf('/') + 1);
        boolean page = !last.contains(".");
        if (page && !path.equals("/") && !acceptsHtml(ctx)) {
            ctx.next(); // API clients keep the gateway's problem+json 404 for unknown paths
            return;
        }
        String file = page ? "index.html" : path.substring(1);
        Buffer cached = cache.get(file);
        if (cached != null) {
            send(ctx, file, cached);
            return;
        }
        ctx.vertx().executeBlocking(() -> read(file)).onFailure(ctx::fail).onSuccess(body -> {
            if (body.isEmpty()) {
                ctx.next(); // a missing file (or no UI built): the gateway's 404
            } else {
                send(ctx, file, body.get());
            }
        });
    }

    private static boolean acceptsHtml(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
    }

    /** True for paths the UI may answer; API, chat socket, management and well-known paths never are. */
    static boolean isUiPath(String path) {
        if (path == null || !path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            return false;
        }
        String withSlash = path.endsWith("/") ? path : path + "/";
        return NOT_UI.stream().noneMatch(withSlash::startsWith);
    }

    private void send(RoutingContext ctx, String name, Buffer body) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        var res = ctx.response()
                .putHeader("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"))
                .putHeader(
                        "Cache-Control",
                        name.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        if (ctx.request().method() == HttpMethod.HEAD) {
            res.putHeader("Content-Length", Integer.toString(body.length())).end();
        } else {
            res.end(body);
        }
    }

    private Optional<Buffer> read(String file) {
        ClassLoader cl = WebApp.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                return Optional.empty();
            }
            Buffer body = Buffer.buffer(in.readAllBytes());
            cache.put(file, body);
            return Optional.of(body);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
