package dev.quire.ingestion.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.quire.ingestion.config.IngestionConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible client against a local fake that speaks the real {@code /v1/embeddings} JSON. */
class OpenAiEmbeddingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    /** Status codes to answer before answering normally. */
    private final Deque<Integer> failures = new ArrayDeque<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            synchronized (requests) {
                requests.add(body);
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            Integer failure = failures.poll();
            byte[] out;
            int status;
            if (failure != null) {
                status = failure;
                out = "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Retry-After", "0");
            } else {
                status = 200;
                out = answer(body).getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** One vector per input, [length, index, 1], in input order as OpenAI answers. */
    private static String answer(JsonNode body) throws java.io.IOException {
        var data = JSON.createArrayNode();
        JsonNode input = body.get("input");
        for (int i = 0; i < input.size(); i++) {
            var item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            item.putArray("embedding")
                    .add(input.get(i).asText().length())
                    .add(i)
                    .add(1.0);
        }
        var root = JSON.createObjectNode();
        root.put("object", "list");
        root.set("data", data);
        root.put("model", body.get("model").asText());
        root.putObject("usage").put("prompt_tokens", 5).put("total_tokens", 5);
        return JSON.writeValueAsString(root);
    }

    private OpenAiEmbeddings client(String model, int retries) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
        return new OpenAiEmbeddings(
                new IngestionConfig.Embedding() {
                    public String provider() {
                        return "openai";
                    }

                    public int batchSize() {
                        return 16;
                    }

                    public int threads() {
                        return 1;
                    }

                    public Optional<String> baseUrl() {
                        return Optional.of(base);
                    }

                    public Optional<String> apiKey() {
                        return Optional.of("sk-test-key");
                    }

                    public String model() {
                        return model;
                    }

                    public int dimension() {
                        return 3;
                    }

                    public int maxInputTokens() {
                        return 8191;
                    }

                    public Duration timeout() {
                        return Duration.ofSeconds(5);
                    }

                    public int maxRetries() {
                        return retries;
                    }
                },
                model,
                3);
    }

    @Test
    void batchIsOneCallAndVectorsComeBackInInputOrder() {
        var vectors = client("text-embedding-3-small", 0).embedBatch(List.of("a", "bb", "ccc"));
        assertEquals(1, requests.size());
        JsonNode sent = requests.get(0);
        assertEquals("text-embedding-3-small", sent.get("model").asText());
        assertEquals(3, sent.get("input").size());
        assertEquals(3, sent.get("dimensions").asInt(), "text-embedding-3 models are asked for the configured size");
        assertEquals("Bearer sk-test-key", authorizations.get(0));
        assertArrayEquals(new float[] {1, 0, 1}, vectors.get(0));
        assertArrayEquals(new float[] {2, 1, 1}, vectors.get(1));
        assertArrayEquals(new float[] {3, 2, 1}, vectors.get(2));
    }

    @Test
    void otherModelsAreNotSentDimensions() {
        client("nomic-embed-text", 0).embedBatch(List.of("x"));
        assertTrue(requests.get(0).path("dimensions").isMissingNode());
    }

    @Test
    void rateLimitAndServerErrorsAreRetriedWithinTheBound() {
        failures.add(429);
        failures.add(503);
        var vectors = client("text-embedding-3-small", 3).embedBatch(List.of("retry me"));
        assertEquals(3, requests.size(), "two failures, then the answer");
        assertArrayEquals(new float[] {8, 0, 1}, vectors.get(0));
    }

    @Test
    void retriesStopAtTheBoundWithAReadableError() {
        failures.add(503);
        failures.add(503);
        failures.add(503);
        assertThrows(InternalServerException.class, () -> client("text-embedding-3-small", 1)
                .embedBatch(List.of("x")));
        assertEquals(2, requests.size(), "one retry, then the 503 is the error");
    }

    @Test
    void clientErrorIsNotRetried() {
        failures.add(400);
        assertThrows(InvalidRequestException.class, () -> client("text-embedding-3-small", 3)
                .embedBatch(List.of("x")));
        assertEquals(1, requests.size());
    }
}
