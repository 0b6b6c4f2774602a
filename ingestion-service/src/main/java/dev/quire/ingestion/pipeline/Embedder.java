package dev.quire.ingestion.pipeline;

import dev.quire.ingestion.config.IngestionConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedding models this deployment offers, one per knowledge base (fixed at its creation): the in-process
 * all-MiniLM-L6-v2 (int8) always, and the configured OpenAI-compatible {@code /v1/embeddings} model when a base URL
 * is set. The configured provider's model is what a knowledge base created without a model gets. Texts go to a
 * model in batches, never one call per text.
 */
@ApplicationScoped
@Startup
public class Embedder {
    /** The in-process model's name and vector size, which retrieval-service's query embedder also runs. */
    public static final String ONNX_MODEL = "all-minilm-l6-v2-q";

    public static final int ONNX_DIMENSION = 384;

    /** One embedding backend. */
    public interface Backend extends AutoCloseable {
        List<float[]> embedBatch(List<String> texts);

        @Override
        default void close() {}
    }

    /** A model on offer: its vector size and the word pieces it reads per text. */
    private record Model(int dimension, int maxInputTokens) {}

    private final IngestionConfig.Embedding config;
    private final Map<String, Model> models;
    private final Map<String, Backend> backends = new ConcurrentHashMap<>();
    private final String defaultModel;
    private final int batch;

    public Embedder(IngestionConfig config) {
        this.config = config.embedding();
        var e = this.config;
        this.batch = Math.max(1, e.batchSize());
        if (!"openai".equals(e.provider()) && !"onnx".equals(e.provider())) {
            throw new IllegalArgumentException("quire.ingestion.embedding.provider must be onnx or openai");
        }
        if ("openai".equals(e.provider()) && e.baseUrl().isEmpty()) {
            throw new IllegalArgumentException("quire.ingestion.embedding.base-url is required");
        }
        var offered = new java.util.LinkedHashMap<String, Model>();
        offered.put(ONNX_MODEL, new Model(ONNX_DIMENSION, 128));
        if (e.baseUrl().isPresent()) {
            offered.put(e.model(), new Model(e.dimension(), e.maxInputTokens()));
        }
        this.models = Map.copyOf(offered);
        this.defaultModel = "openai".equals(e.provider()) ? e.model() : ONNX_MODEL;
        if (ONNX_MODEL.equals(defaultModel)) {
            backend(ONNX_MODEL); // loaded at start, as before: the first upload does not wait for it
        }
    }

    /** The model a knowledge base created without one gets. */
    public String model() {
        return defaultModel;
    }

    /** The default model's vector size. */
    public int dimension() {
        return dimension(defaultModel);
    }

    /** Whether this deployment embeds with {@code model}. */
    public boolean offers(String model) {
        return models.containsKey(model);
    }

    /** The models on offer, for error messages. */
    public String offered() {
        var sb = new StringBuilder();
        models.forEach((name, m) -> sb.append(sb.isEmpty() ? "" : ", ")
                .append(name)
                .append(" (")
                .append(m.dimension())
                .append(" dimensions)"));
        return sb.toString();
    }

    public int dimension(String model) {
        return require(model).dimension();
    }

    /** Word pieces a chunk may hold: the model's window less its two markers ([CLS], [SEP]). */
    public int maxChunkTokens(String model) {
        return require(model).maxInputTokens() - 2;
    }

    /** Embeds with the knowledge base's {@code model}; every vector has that model's size. */
    public List<float[]> embed(String model, List<String> texts) {
        int dimension = dimension(model);
        Backend backend = backend(model);
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += batch) {
            List<float[]> part = backend.embedBatch(texts.subList(i, Math.min(texts.size(), i + batch)));
            for (float[] v : part) {
                if (v.length != dimension) {
                    throw new IllegalStateException(
                            "the model returned " + v.length + " dimensions, expected " + dimension);
                }
            }
            out.addAll(part);
        }
        return out;
    }

    private Model require(String model) {
        Model m = models.get(model);
        if (m == null) {
            throw new IllegalArgumentException("this deployment does not embed with " + model);
        }
        return m;
    }

    private Backend backend(String model) {
        require(model);
        return backends.computeIfAbsent(
                model,
                name -> ONNX_MODEL.equals(name)
                        ? new OnnxEmbeddings(config.threads())
                        : new OpenAiEmbeddings(config, name, dimension(name)));
    }

    @PreDestroy
    void close() {
        backends.values().forEach(Backend::close);
    }
}
