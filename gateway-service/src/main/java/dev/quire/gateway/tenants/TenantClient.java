package dev.quire.gateway.tenants;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Headers;
import dev.quire.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** tenant-service's internal endpoints (tenant directory, credential exchange), with the gateway's timeouts. */
@ApplicationScoped
public class TenantClient {
    /** An internal Quire token issued for an API key or an external OIDC token. */
    public record Exchanged(String accessToken, int expiresIn, UUID tenantId, UUID userId, UUID apiKeyId) {}

    private final HttpClient client;
    private final GatewayConfig config;
    private final ObjectMapper json;

    public TenantClient(Vertx vertx, GatewayConfig config, ObjectMapper json) {
        // tenant-service may add fields; the gateway reads the ones it knows
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(2000)
                .setMaxPoolSize(50)
                .setKeepAlive(true));
        this.config = config;
    }

    /** The tenant, or empty when tenant-service does not know it (a deleted or invented id). */
    public Future<Optional<TenantInfo>> tenant(UUID id) {
        return call(HttpMethod.GET, "/internal/v1/tenants/" + id, null)
                .map(r -> r.status() == 200
                        ? Optional.of(read(r.body(), TenantInfo.class))
                        : Optional.<TenantInfo>empty());
    }

    /** A token's user (and key) as they are now; empty when they may no longer act (404). */
    public Future<Optional<dev.quire.gateway.auth.PrincipalDirectory.Status>> principal(
            UUID tenantId, String userId, UUID apiKeyId) {
        String uri = "/internal/v1/principals/" + tenantId + "/"
                + java.net.URLEncoder.encode(userId, java.nio.charset.StandardCharsets.UTF_8)
                + (apiKeyId == null ? "" : "?apiKeyId=" + apiKeyId);
        return call(HttpMethod.GET, uri, null)
                .map(r -> r.status() == 200
                        ? Optional.of(read(r.body(), dev.quire.gateway.auth.PrincipalDirectory.Status.class))
                        : Optional.<dev.quire.gateway.auth.PrincipalDirectory.Status>empty());
    }

    /** Exchanges an API key ({@code apiKey}) or an external token ({@code token}); empty when refused. */
    public Future<Optional<Exchanged>> exchange(String field, String credential) {
        String body = new JsonObject().put(field, credential).encode();
        return call(HttpMethod.POST, "/internal/v1/credentials/exchange", body)
                .map(r ->
                        r.status() == 200 ? Optional.of(read(r.body(), Exchanged.class)) : Optional.<Exchanged>empty());
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("tenant-service sent an unreadable " + type.getSimpleName(), e);
        }
    }

    private record Answer(int status, String body) {}

    private Future<Answer> call(HttpMethod method, String uri, String body) {
        var target = config.services().tenant();
        var options = new RequestOptions()
                .setMethod(method)
                .setHost(target.getHost())
                .setPort(target.getPort())
                .setURI(uri)
                .setTimeout(config.internalTimeoutMs())
                .putHeader(Headers.INTERNAL_SECRET, config.internalSecret())
                .putHeader("Content-Type", "application/json");
        return client.request(options)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString())))
                .compose(a -> a.status() == 200 || a.status() == 401 || a.status() == 404
                        ? Future.succeededFuture(a)
                        : Future.failedFuture("tenant-service answered " + a.status() + " on " + uri));
    }
}
