package dev.quire.ingestion.pipeline;

import dev.quire.ingestion.config.IngestionConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedding model this deployment runs, chosen by configuration: the in-process all-MiniLM-L6-v2 (int8) or an
 * OpenAI-compatible {@code /v1/embeddings}. Texts go to it in batches, never one call per text.
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

    private final Backend backend;
    private final String model;
    private final int dimension;
    private final int maxInputTokens;
    private final int batch;

    public Embedder(IngestionConfig config) {
        var e = config.embedding();
        this.batch = Math.max(1, e.batchSize());
        if ("openai".equals(e.provider())) {
            this.backend = new OpenAiEmbeddings(e);
            this.model = e.model();
            this.dimension = e.dimension();
            this.maxInputTokens = e.maxInputTokens();
        } else if ("onnx".equals(e.provider())) {
            this.backend = new OnnxEmbeddings(e.threads());
            this.model = ONNX_MODEL;
            this.dimension = ONNX_DIMENSION;
            this.maxInputTokens = 128;
        } else {
            throw new IllegalArgumentException("quire.ingestion.embedding.provider must be onnx or openai");
        }
    }

    public String model() {
        return model;
    }

    public int dimension() {
        return dimension;
    }

    /** Word pieces a chunk may hold: the model's window less its two markers ([CLS], [SEP]). */
    public int maxChunkTokens() {
        return maxInputTokens - 2;
    }

    public List<float[]> embed(List<String> texts) {
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

    @PreDestroy
    void close() {
        backend.close();
    }
}
