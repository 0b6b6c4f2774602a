package dev.quire.gateway.proxy;

import dev.quire.contracts.Headers;
import dev.quire.gateway.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Set;
import org.jboss.logging.Logger;

/** Streams a request to its service and the answer back, bodies piped both ways (uploads and SSE alike). */
@ApplicationScoped
public class HttpProxy {
    private static final Logger LOG = Logger.getLogger(HttpProxy.class);
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host");

    private final HttpClient client;
    private final GatewayConfig config;

    public HttpProxy(Vertx vertx, GatewayConfig config) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(3000)
                .setMaxPoolSize(200)
                .setKeepAlive(true));
        this.config = config;
    }

    /** Forwards the (paused) request of {@code ctx} to {@code target}. */
    public void forward(RoutingContext ctx, URI target) {
        var in = ctx.request();
        var options = new RequestOptions()
                .setMethod(in.method())
                .setHost(target.getHost())
                .setPort(target.getPort())
                // the normalised path is the one routing judged; forwarding the raw one could smuggle "../"
                .setURI(ctx.normalizedPath() + (in.query() == null ? "" : "?" + in.query()))
                .setIdleTimeout(config.upstreamTimeoutMs());
        var headers = MultiMap.caseInsensitiveMultiMap();
        copy(in.headers(), headers);
        options.setHeaders(headers);
        options.putHeader(
                "X-Forwarded-For",
                in.remoteAddress() == null ? "" : in.remoteAddress().host());
        options.putHeader("X-Forwarded-Proto", in.scheme());
        client.request(options)
                .compose(out -> out.send(in))
                .onSuccess(resp -> relay(ctx, resp))
                .onFailure(e -> {
                    LOG.warnf("upstream %s failed for %s: %s", target, in.path(), e.getMessage());
                    Problems.send(
                            ctx,
                            502,
                            "upstream_unavailable",
                            "Bad Gateway",
                            "the service behind this path is unavailable");
                });
    }

    private static void relay(RoutingContext ctx, HttpClientResponse resp) {
        var out = ctx.response();
        out.setStatusCode(resp.statusCode());
        out.setStatusMessage(resp.statusMessage());
        copy(resp.headers(), out.headers());
        if (!resp.headers().contains("Content-Length")) {
            out.setChunked(true);
        }
        out.headers().set(Headers.REQUEST_ID, ctx.request().getHeader(Headers.REQUEST_ID));
        resp.pipeTo(out);
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }
}
