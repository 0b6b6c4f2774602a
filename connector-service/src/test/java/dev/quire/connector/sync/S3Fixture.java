package dev.quire.connector.sync;

import dev.quire.connector.source.SaasApi;
import dev.quire.platform.testing.S3Proxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real s3proxy with one bucket, the S3 client the connector tests fill it with, and s3 connectors of it: started
 * before a test class, closed after it.
 */
final class S3Fixture implements AutoCloseable {
    private final S3Proxy proxy;
    private final S3Client client;
    private final String bucket;

    private S3Fixture(S3Proxy proxy, S3Client client, String bucket) {
        this.proxy = proxy;
        this.client = client;
        this.bucket = bucket;
    }

    /** Starts s3proxy and creates {@code bucket} on it. */
    static S3Fixture start(String bucket) throws Exception {
        S3Proxy proxy = S3Proxy.start();
        S3Client client = null;
        try {
            client = client(proxy);
            client.createBucket(b -> b.bucket(bucket));
            return new S3Fixture(proxy, client, bucket);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            proxy.close();
            throw e;
        }
    }

    /** Where the proxy listens. */
    java.net.URI endpoint() {
        return proxy.endpoint();
    }

    /** The bucket the connectors sync. */
    String bucket() {
        return bucket;
    }

    /** The path-style client of the proxy. */
    S3Client client() {
        return client;
    }

    /**
     * Creates an s3 connector through the API over the bucket (only the keys below {@code prefix}; null: all) and
     * returns its id.
     */
    String connector(SaasApi api, String name, UUID kb, String prefix) {
        var config = new HashMap<String, Object>(Map.of(
                "endpoint", proxy.endpoint().toString(), "region", "us-east-1", "bucket", bucket, "pathStyle", true));
        if (prefix != null) {
            config.put("prefix", prefix);
        }
        return api.create(
                "s3", name, kb, config, Map.of("accessKeyId", S3Proxy.IDENTITY, "secretAccessKey", S3Proxy.CREDENTIAL));
    }

    /** How many objects the s3 connectors have fetched so far (the {@code quire.connector.fetches} counter). */
    static double fetches(MeterRegistry meters) {
        var c = meters.find("quire.connector.fetches").tag("type", "s3").counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        client.close();
        proxy.close();
    }

    /** A path-style client of the proxy (s3proxy answers 501 to the SDK's default flexible checksums). */
    private static S3Client client(S3Proxy proxy) {
        return S3Client.builder()
                .endpointOverride(proxy.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(Apache5HttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Proxy.IDENTITY, S3Proxy.CREDENTIAL)))
                .build();
    }
}
