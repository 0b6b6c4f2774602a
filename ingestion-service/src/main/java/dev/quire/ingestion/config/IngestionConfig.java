package dev.quire.ingestion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** ingestion-service settings. */
@ConfigMapping(prefix = "quire.ingestion")
public interface IngestionConfig {
    /** Largest accepted file in bytes (plan limits narrow this later). */
    @WithDefault("52428800")
    long maxUploadBytes();

    /** Longest a single parse may run. */
    @WithDefault("120s")
    Duration parseTimeout();

    /** Parses running at once. */
    @WithDefault("2")
    int parseThreads();

    /** Extracted characters kept per document; the rest is cut and the document says so. */
    @WithDefault("5000000")
    int maxExtractedChars();

    /** Chunk size in the embedding model's word pieces (MiniLM reads 128 including its two markers). */
    @WithDefault("120")
    int chunkTokens();

    /** Word pieces carried over from the end of one chunk into the next. */
    @WithDefault("24")
    int chunkOverlapTokens();

    /** Ingestion workers per instance claiming from the durable queue (0: this instance only accepts uploads). */
    @WithDefault("2")
    int workers();

    /** How long a claimed item stays an instance's without renewal; a killed instance's items return after it. */
    @WithDefault("30s")
    Duration lease();

    /** Attempts per document version before it goes to the dead-letter topic and FAILED. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the second attempt; it doubles per attempt up to {@link #retryBackoffMax()}. */
    @WithDefault("2s")
    Duration retryBackoff();

    @WithDefault("60s")
    Duration retryBackoffMax();

    /** The embedding model this deployment runs. */
    Embedding embedding();

    /** Embedding model settings: the in-process MiniLM, or any OpenAI-compatible {@code /v1/embeddings}. */
    interface Embedding {
        /** {@code onnx} (in-process all-MiniLM-L6-v2 int8) or {@code openai}. */
        @WithDefault("onnx")
        String provider();

        /** Texts per model call. */
        @WithDefault("32")
        int batchSize();

        /** Model calls running at once (ONNX: texts embedded in parallel inside one call). */
        @WithDefault("2")
        int threads();

        /** OpenAI-compatible base URL ending in {@code /v1}. */
        Optional<String> baseUrl();

        Optional<String> apiKey();

        /** Model name for the OpenAI-compatible provider. */
        @WithDefault("text-embedding-3-small")
        String model();

        /** Vector size the OpenAI-compatible model returns (asked for with {@code dimensions} from text-embedding-3). */
        @WithDefault("1536")
        int dimension();

        /** Word pieces the model reads per text; chunks are sized below it. */
        @WithDefault("8191")
        int maxInputTokens();

        @WithDefault("30s")
        Duration timeout();

        /** Retries of a failed call (429, 5xx, I/O) with doubling backoff. */
        @WithDefault("3")
        int maxRetries();
    }
}
