package dev.quire.ingestion.blob;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the AWS SDK's S3 client from {@link BlobConfig.S3}. */
public final class S3Clients {
    private S3Clients() {}

    public static S3Client build(BlobConfig.S3 config) {
        var b = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .forcePathStyle(config.pathStyle().orElse(config.endpoint().isPresent()))
                // S3-compatible stores (s3proxy 2.6.0, older MinIO) answer 501 to the default flexible checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // blocking and small: no second Netty next to Quarkus'
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(config.timeout())
                        .socketTimeout(config.timeout()))
                .overrideConfiguration(
                        o -> o.retryStrategy(RetryMode.STANDARD).apiCallAttemptTimeout(config.timeout()));
        config.endpoint().ifPresent(b::endpointOverride);
        return b.build();
    }

    private static AwsCredentialsProvider credentials(BlobConfig.S3 config) {
        if (config.accessKey().isPresent() != config.secretKey().isPresent()) {
            throw new IllegalStateException(
                    "quire.blobs.s3.access-key and quire.blobs.s3.secret-key go together: set both or neither");
        }
        if (config.accessKey().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                config.accessKey().get(), config.secretKey().get()));
    }
}
