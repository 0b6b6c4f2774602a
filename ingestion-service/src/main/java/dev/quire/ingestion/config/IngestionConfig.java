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

    /** Parses whose deadline passed that may still be running before new parses are refused (and readiness is DOWN). */
    @WithDefault("4")
    int maxAbandonedParses();

    /** Levels of embedded documents (archive entries, attachments) parsed inside a file. */
    @WithDefault("3")
    int maxEmbeddedDepth();

    /** Embedded documents parsed per file; the rest are skipped. */
    @WithDefault("200")
    int maxEmbeddedDocuments();

    /**
     * Extracted characters per uploaded byte above which a file yielding over a million characters counts as a
     * decompression bomb (text, PDF, DOCX, ODT, EPUB stay well under this).
     */
    @WithDefault("10")
    long maxCompressionRatio();

    /** XHTML element nesting above which a parse is stopped (deeply nested HTML, JSON, XML). */
    @WithDefault("200")
    int maxElementDepth();

    /** OCR with tesseract when the binary is installed (images, and PDF pages without a text layer). */
    @WithDefault("true")
    boolean ocr();

    /**
     * PDFs with more pages than this are not OCR'd (text layer only); also the most OCR'd pages (images, pages)
     * per document. About a second per page: keep it well inside {@code parseTimeout}.
     */
    @WithDefault("50")
    int maxOcrPages();

    /** Longest one tesseract run (one image or page) may take. */
    @WithDefault("60s")
    Duration ocrTimeout();

    /** Largest image (width × height) handed to OCR; larger ones fail before decoding. */
    @WithDefault("40000000")
    long maxImagePixels();

    /** Memory PDFBox may use for one PDF's streams before it spools to disk. */
    @WithDefault("134217728")
    long pdfMaxMainMemoryBytes();

    /** Chunk size in the embedding model's word pieces (MiniLM reads 128 including its two markers). */
    @WithDefault("120")
    int chunkTokens();

    /** Word pieces carried over from the end of one chunk into the next. */
    @WithDefault("24")
    int chunkOverlapTokens();

    /**
     * Ingestion workers per instance claiming from the durable queue (0: this instance only accepts uploads). Three on
     * two cores: a worker also waits (database commits, Kafka acks), and with two the embedding pool sat idle in
     * those waits (37 against 52–55 chunks/s, docs/BENCHMARKS.md).
     */
    @WithDefault("3")
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

    /** connector-service, where connector items too large for a Kafka record are staged. */
    @WithDefault("http://127.0.0.1:8085")
    String connectorUrl();

    /** The shared secret of service-to-service calls ({@code QUIRE_INTERNAL_SECRET}). */
    Optional<String> internalSecret();

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
