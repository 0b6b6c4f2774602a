package dev.quire.ingestion.document;

import dev.quire.contracts.Headers;
import dev.quire.ingestion.config.IngestionConfig;
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
 * connector-service's staged item bytes ({@code GET/DELETE /internal/v1/staged/{tenantId}/{id}}, with the internal
 * secret): a connector item larger than a Kafka record should carry is fetched from there, at most {@code maxBytes}.
 */
@ApplicationScoped
public class StagedContent {
    /** The staged bytes could not be read; the record is retried, then dead-lettered. */
    public static class StagedException extends IOException {
        StagedException(String message) {
            super(message);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Optional<String> secret;
    private final long maxBytes;

    public StagedContent(IngestionConfig config) {
        String url = config.connectorUrl();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.secret = config.internalSecret().filter(s -> !s.isBlank());
        this.maxBytes = config.maxUploadBytes();
    }

    /** The staged bytes; they must be exactly {@code size} long (a truncated or swapped body is refused). */
    public byte[] fetch(UUID tenantId, UUID id, long size) throws IOException, InterruptedException {
        if (size > maxBytes) {
            throw new StagedException("a staged item of " + size + " bytes is over this installation's limit");
        }
        var r = http.send(request(tenantId, id).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new StagedException("connector-service answered " + r.statusCode() + " for staged content " + id);
        }
        if (r.body().length != size) {
            throw new StagedException("staged content " + id + " has " + r.body().length + " bytes, not " + size);
        }
        return r.body();
    }

    /** Forgets the staged bytes once the document holds them (best effort: connector-service also expires them). */
    public void release(UUID tenantId, UUID id) {
        try {
            http.send(request(tenantId, id).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // connector-service expires staged bytes on its own
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(UUID tenantId, UUID id) throws StagedException {
        String s = secret.orElseThrow(() ->
                new StagedException("QUIRE_INTERNAL_SECRET is not set: staged connector content cannot be fetched"));
        return HttpRequest.newBuilder(base.resolve("internal/v1/staged/" + tenantId + "/" + id))
                .timeout(Duration.ofSeconds(60))
                .header(Headers.INTERNAL_SECRET, s);
    }
}
