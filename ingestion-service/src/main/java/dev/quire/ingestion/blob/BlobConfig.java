package dev.quire.ingestion.blob;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where original files are kept: {@code postgres} (the blobs table) or {@code s3} (any S3-compatible server). */
@ConfigMapping(prefix = "quire.blobs")
public interface BlobConfig {
    /** {@code postgres} or {@code s3}. */
    @WithDefault("postgres")
    String store();

    S3 s3();

    /** An S3-compatible endpoint, addressed path-style and signed with AWS Signature Version 4. */
    interface S3 {
        /** For example {@code https://s3.eu-west-1.amazonaws.com} or {@code http://127.0.0.1:9000}. */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        @WithDefault("quire-blobs")
        String bucket();

        Optional<String> accessKey();

        Optional<String> secretKey();

        /** Create the bucket at start-up when it is missing. */
        @WithDefault("true")
        boolean createBucket();

        /** Longest one object request may take. */
        @WithDefault("60s")
        Duration timeout();
    }
}
