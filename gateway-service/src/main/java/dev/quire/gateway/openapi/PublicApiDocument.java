package dev.quire.gateway.openapi;

import dev.quire.platform.secrets.Sha256;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The public API's OpenAPI document, {@code GET /api/v1/openapi.json}: the routes this gateway exposes, merged at
 * build time from the services' own documents ({@code PublicOpenApiTest} writes and checks it; docs/API.md).
 */
@ApplicationScoped
public class PublicApiDocument {
    /** Where the merged document lives in the gateway's jar (also the web app's type source). */
    public static final String RESOURCE = "openapi/quire-public.json";

    public static final String PATH = "/api/v1/openapi.json";

    private final Buffer body;
    private final String etag;

    public PublicApiDocument() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the gateway's jar");
            }
            byte[] bytes = in.readAllBytes();
            this.body = Buffer.buffer(bytes);
            this.etag = "\"" + Sha256.hex(bytes).substring(0, 32) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as served. */
    public Buffer body() {
        return body;
    }

    /** Answers the document (no token needed: it describes only what any client may call); 304 on a matching ETag. */
    public void serve(RoutingContext ctx) {
        var res = ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "public, max-age=300");
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            res.setStatusCode(304).end();
            return;
        }
        res.putHeader("Content-Type", "application/json").end(body);
    }
}
