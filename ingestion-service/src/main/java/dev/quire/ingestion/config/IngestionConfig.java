package dev.quire.ingestion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}
