package dev.quire.ingestion.blob;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where original files are kept: {@code postgres} (the blobs table) or {@code s3} (Amazon S3 or S3-compatible). */
@ConfigMapping(prefix = "quire.blobs")
public interface BlobConfig {
    /** {@code postgres} or {@code s3}. */
    @WithDefault("postgres")
    String store();

    S3 s3();

    /** A bucket on Amazon S3 (no endpoint) or on an S3-compatible server (its endpoint), through the AWS SDK v2. */
    interface S3 {
        /** For example {@code http://127.0.0.1:9000}; absent means Amazon S3 in {@link #region()}. */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        @WithDefault("quire-blobs")
        String bucket();

        /** Path-style addressing ({@code endpoint/bucket/key}); by default on with an endpoint, off on Amazon S3. */
        Optional<Boolean> pathStyle();

        /** Static keys (both or neither); without them the SDK's default chain (env, profile, IAM role) is used. */
        Optional<String> accessKey();

        Optional<String> secretKey();

        /** Create the bucket at start-up when it is missing. */
        @WithDefault("true")
        boolean createBucket();

        /** Longest one attempt of one request (a whole small object, or one part) may take. */
        @WithDefault("60s")
        Duration timeout();

        /** Objects above this size are uploaded in parts. */
        @WithDefault("16M")
        MemorySize multipartThreshold();

        /** The size of each part but the last; S3 requires at least 5 MiB. */
        @WithDefault("8M")
        MemorySize partSize();
    }
}
