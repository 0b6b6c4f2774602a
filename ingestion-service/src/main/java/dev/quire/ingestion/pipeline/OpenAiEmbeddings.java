package dev.quire.ingestion.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.ingestion.config.IngestionConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI-compatible {@code POST {base}/embeddings} client over the JDK's HttpClient: one call per batch, a
 * timeout per call, and bounded retries with doubling backoff on 429, 5xx and I/O errors.
 */
final class OpenAiEmbeddings implements Embedder.Backend {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI uri;
    private final String apiKey;
    private final String model;
    private final Integer dimensions;
    private final Duration timeout;
    private final int maxRetries;

    OpenAiEmbeddings(IngestionConfig.Embedding config) {
        String base = config.baseUrl()
                .orElseThrow(() -> new IllegalArgumentException("quire.ingestion.embedding.base-url is required"));
        this.uri = URI.create(base.replaceAll("/+$", "") + "/embeddings");
        this.apiKey = config.apiKey().orElse("");
        this.model = config.model();
        // only the text-embedding-3 family accepts a requested size; other servers may reject the field
        this.dimensions = model.startsWith("text-embedding-3") ? config.dimension() : null;
        this.timeout = config.timeout();
        this.maxRetries = Math.max(0, config.maxRetries());
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public List<float[]> embedBatch(List<String> texts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("input", texts);
        body.put("encoding_format", "float");
        if (dimensions != null) {
            body.put("dimensions", dimensions);
        }
        String payload;
        try {
            payload = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        String last = "";
        for (int attempt = 0; ; attempt++) {
            long waitMs = 500L << Math.min(attempt, 6);
            try {
                var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return parse(response.body(), texts.size());
                }
                last = "embeddings endpoint answered " + status;
                if (status != 429 && status < 500) {
                    throw new IllegalStateException(last + ": " + abbreviate(response.body()));
                }
                waitMs = response.headers()
                        .firstValue("Retry-After")
                        .map(OpenAiEmbeddings::seconds)
                        .map(s -> Math.min(s * 1000, 30_000L))
                        .orElse(waitMs);
            } catch (IOException e) {
                last = "embeddings endpoint unreachable: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while embedding", e);
            }
            if (attempt >= maxRetries) {
                throw new IllegalStateException(last + " (after " + (attempt + 1) + " attempts)");
            }
            sleep(waitMs);
        }
    }

    /** Reads {@code data[].embedding} in {@code index} order. */
    static List<float[]> parse(String body, int expected) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (IOException e) {
            throw new IllegalStateException("unreadable embeddings answer", e);
        }
        if (!data.isArray() || data.size() != expected) {
            throw new IllegalStateException(
                    "embeddings answer holds " + data.size() + " vectors, expected " + expected);
        }
        float[][] out = new float[expected][];
        for (JsonNode item : data) {
            int index = item.path("index").asInt(-1);
            JsonNode vector = item.path("embedding");
            if (index < 0 || index >= expected || !vector.isArray()) {
                throw new IllegalStateException("embeddings answer has a malformed item");
            }
            float[] v = new float[vector.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) vector.get(i).asDouble();
            }
            out[index] = v;
        }
        return List.of(out);
    }

    private static Long seconds(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 1L;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        }
    }
}
