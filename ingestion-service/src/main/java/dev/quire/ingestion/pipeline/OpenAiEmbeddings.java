package dev.quire.ingestion.pipeline;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.quire.ingestion.config.IngestionConfig;
import java.util.List;

/**
 * One OpenAI-compatible embedding model, through langchain4j's {@link OpenAiEmbeddingModel}: one
 * {@code POST {base}/embeddings} per batch, a timeout per call, and langchain4j's bounded retries (with backoff) on
 * 429, 5xx and I/O errors; a 4xx is not retried.
 */
final class OpenAiEmbeddings implements Embedder.Backend {
    private final OpenAiEmbeddingModel model;

    OpenAiEmbeddings(IngestionConfig.Embedding config, String modelName, int dimension) {
        String base = config.baseUrl()
                .orElseThrow(() -> new IllegalArgumentException("quire.ingestion.embedding.base-url is required"));
        this.model = OpenAiEmbeddingModel.builder()
                .baseUrl(base)
                .apiKey(config.apiKey().orElse(""))
                .modelName(modelName)
                // only the text-embedding-3 family accepts a requested size; other servers may reject the field
                .dimensions(modelName.startsWith("text-embedding-3") ? dimension : null)
                .timeout(config.timeout())
                .maxRetries(Math.max(0, config.maxRetries()))
                .build();
    }

    @Override
    public List<float[]> embedBatch(List<String> texts) {
        List<Embedding> vectors =
                model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        if (vectors.size() != texts.size()) {
            throw new IllegalStateException(
                    "embeddings answer holds " + vectors.size() + " vectors, expected " + texts.size());
        }
        return vectors.stream().map(Embedding::vector).toList();
    }
}
