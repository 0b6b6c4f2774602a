package dev.quire.connector.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.contracts.Headers;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The plan limits of a run's tenant, read from tenant-service's internal tenant directory
 * ({@code GET /internal/v1/tenants/{id}} with the internal secret) when the run starts: a scheduled run has no caller
 * whose token would carry them, and a plan changed since the connector was made applies to its next run.
 */
@ApplicationScoped
public class PlanLimits {
    /**
     * What a connector's items are held to (uploads' per-file limit, the plan's document and storage limits), and how
     * many of the tenant's connectors may run.
     */
    public record Limits(Integer maxUploadMb, Integer maxDocuments, Integer maxStorageMb, Integer maxConnectors) {
        public static final Limits NONE = new Limits(null, null, null, null);
    }

    /** The limits could not be read: the run fails visibly rather than syncing past a plan it does not know. */
    public static class UnavailableException extends RuntimeException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Optional<String> tenantUrl;
    private final Optional<String> secret;
    private final ObjectMapper json;

    public PlanLimits(ConnectorsConfig config, ObjectMapper json) {
        this.tenantUrl = config.tenantUrl().map(String::strip).filter(s -> !s.isEmpty());
        this.secret = config.internalSecret().map(String::strip).filter(s -> !s.isEmpty());
        this.json = json;
    }

    /** The tenant's limits now; {@link Limits#NONE} only when no tenant-service is configured (some tests). */
    public Limits of(UUID tenantId) {
        if (tenantUrl.isEmpty()) {
            return Limits.NONE;
        }
        String s = secret.orElseThrow(
                () -> new UnavailableException("QUIRE_INTERNAL_SECRET is not set: the plan's limits cannot be read"));
        String base = tenantUrl.get().endsWith("/") ? tenantUrl.get() : tenantUrl.get() + "/";
        try {
            var r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "internal/v1/tenants/" + tenantId))
                            .timeout(Duration.ofSeconds(5))
                            .header(Headers.INTERNAL_SECRET, s)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new UnavailableException("tenant-service answered " + r.statusCode() + " for the plan's limits");
            }
            JsonNode limits = json.readTree(r.body()).path("limits");
            return new Limits(
                    number(limits, "maxUploadMb"),
                    number(limits, "maxDocuments"),
                    number(limits, "maxStorageMb"),
                    number(limits, "maxConnectors"));
        } catch (IOException e) {
            throw new UnavailableException("tenant-service is unreachable for the plan's limits ("
                    + dev.quire.connector.source.SourceConnector.SourceException.why(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while reading the plan's limits");
        }
    }

    private static Integer number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.canConvertToInt() && v.asInt() >= 0 ? v.asInt() : null;
    }
}
