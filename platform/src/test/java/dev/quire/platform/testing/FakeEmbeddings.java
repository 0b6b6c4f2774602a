package dev.quire.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake OpenAI-compatible embedding server speaking {@code POST /v1/embeddings} as OpenAI documents it ({@code model}
 * and {@code input} in; {@code object: list}, {@code data[].embedding} with {@code index}, {@code usage} out). Its
 * vectors are bags of words hashed into {@link #DIMENSION} buckets and normalised, so texts sharing words are near.
 * Every request it got is kept.
 */
public final class FakeEmbeddings implements AutoCloseable {
    /** The model name knowledge bases on this server are created with. */
    public static final String MODEL = "fake-embed-16";

    public static final int DIMENSION = 16;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request: the model named and the texts sent. */
    public record Request(String model, List<String> input) {}

    /** Every request the server got, in order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    private final HttpServer server;

    private FakeEmbeddings(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/embeddings", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                JsonNode input = body.path("input");
                List<String> texts = input.isArray()
                        ? JSON.convertValue(
                                input, JSON.getTypeFactory().constructCollectionType(List.class, String.class))
                        : List.of(input.asText());
                requests.add(new Request(body.path("model").asText(), texts));
                var root = JSON.createObjectNode();
                root.put("object", "list");
                var data = root.putArray("data");
                for (int i = 0; i < texts.size(); i++) {
                    var item = data.addObject();
                    item.put("object", "embedding");
                    item.put("index", i);
                    var vector = item.putArray("embedding");
                    for (float f : vector(texts.get(i))) {
                        vector.add(f);
                    }
                }
                root.put("model", body.path("model").asText());
                root.putObject("usage").put("prompt_tokens", texts.size()).put("total_tokens", texts.size());
                byte[] out = JSON.writeValueAsBytes(root);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, out.length);
                exchange.getResponseBody().write(out);
            }
        });
        server.start();
    }

    /** Starts the server on {@code port} (the port the test profile's base URL names). */
    public static FakeEmbeddings start(int port) {
        return new FakeEmbeddings(port);
    }

    /** The texts sent with {@code model}, over all requests. */
    public List<String> inputsFor(String model) {
        return requests.stream()
                .filter(r -> r.model().equals(model))
                .flatMap(r -> r.input().stream())
                .toList();
    }

    /** The vector this server answers for {@code text}. */
    public static float[] vector(String text) {
        float[] v = new float[DIMENSION];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                v[Math.floorMod(word.hashCode(), DIMENSION)] += 1;
            }
        }
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        if (norm == 0) {
            v[0] = 1;
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return v;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
