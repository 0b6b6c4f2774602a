package dev.quire.retrieval.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The OpenAI-compatible {@code /v1/embeddings} endpoint queries of knowledge bases on such a model are embedded at
 * (the same one ingestion embeds their documents at); the model name is each knowledge base's own.
 */
@ConfigMapping(prefix = "quire.retrieval.embedding")
public interface EmbeddingConfig {
    /** Base URL ending in {@code /v1}; absent: only MiniLM knowledge bases are indexed. */
    Optional<String> baseUrl();

    Optional<String> apiKey();

    @WithDefault("10s")
    Duration timeout();

    /** Retries of a failed query embedding (429, 5xx, I/O). */
    @WithDefault("1")
    int maxRetries();
}
