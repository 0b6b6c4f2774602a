package dev.quire.ingestion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ingestion.blob.BlobConfig;
import dev.quire.ingestion.blob.S3BlobStore;
import dev.quire.ingestion.blob.S3Clients;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.S3Proxy;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 blob store (AWS SDK v2) against a real S3 API server (s3proxy, filesystem backend, its own process). */
@QuarkusTest
class S3BlobStoreTest {
    private static final String BUCKET = "quire-test";
    private static final long MIB = 1024 * 1024;
    private static S3Proxy server;
    /** A client of its own, to look into the bucket past the store. */
    private static S3Client raw;

    @Inject
    Db db;

    /** {@link BlobConfig.S3} as the configuration would give it. */
    record Settings(
            Optional<URI> endpoint,
            String region,
            String bucket,
            Optional<Boolean> pathStyle,
            Optional<String> accessKey,
            Optional<String> secretKey,
            boolean createBucket,
            Duration timeout,
            MemorySize multipartThreshold,
            MemorySize partSize)
            implements BlobConfig.S3 {
        static Settings of(Optional<String> accessKey, Optional<String> secretKey, long threshold, long partSize) {
            return new Settings(
                    Optional.of(server.endpoint()),
                    "us-east-1",
                    BUCKET,
                    Optional.empty(),
                    accessKey,
                    secretKey,
                    true,
                    Duration.ofSeconds(30),
                    new MemorySize(BigInteger.valueOf(threshold)),
                    new MemorySize(BigInteger.valueOf(partSize)));
        }

        static Settings keys(String secret) {
            return of(Optional.of(S3Proxy.IDENTITY), Optional.of(secret), 16 * MIB, 8 * MIB);
        }
    }

    @BeforeAll
    static void startS3() throws Exception {
        server = S3Proxy.start();
        raw = S3Clients.build(Settings.keys(S3Proxy.CREDENTIAL));
    }

    @AfterAll
    static void stopS3() {
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private byte[] object(UUID tenant, UUID blob) {
        try {
            return raw.getObjectAsBytes(b -> b.bucket(BUCKET).key("tenants/" + tenant + "/" + blob))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private String etag(UUID tenant, UUID blob) {
        return raw.headObject(b -> b.bucket(BUCKET).key("tenants/" + tenant + "/" + blob))
                .eTag();
    }

    private void put(S3BlobStore store, UUID tenant, UUID blob, byte[] bytes) {
        db.inTenant(tenant, c -> {
            store.put(c, tenant, blob, bytes);
            return null;
        });
    }

    @Test
    void putGetAndDeleteGoThroughTheS3ApiAndTheTenantWall() {
        S3BlobStore.open(db, Settings.keys(S3Proxy.CREDENTIAL));
        var store = S3BlobStore.open(db, Settings.keys(S3Proxy.CREDENTIAL)); // creating an existing bucket is fine
        UUID tenant = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID blob = UUID.randomUUID();
        byte[] bytes = ("päyload " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        put(store, tenant, blob, bytes);
        assertArrayEquals(bytes, store.get(tenant, blob));
        assertArrayEquals(bytes, object(tenant, blob));
        assertNull(store.get(other, blob), "another tenant's blob is not found, even by id");
        store.delete(other, List.of(blob));
        assertArrayEquals(bytes, store.get(tenant, blob), "another tenant cannot delete it");
        store.delete(tenant, List.of(blob));
        assertNull(store.get(tenant, blob));
        assertNull(object(tenant, blob), "the object is gone from the bucket");
    }

    @Test
    void aWrongSecretIsRefusedBySignatureCheck() {
        S3BlobStore.open(db, Settings.keys(S3Proxy.CREDENTIAL));
        var wrong = Settings.keys("wrong");
        var store = S3BlobStore.open(
                db,
                new Settings(
                        wrong.endpoint(),
                        wrong.region(),
                        BUCKET,
                        Optional.empty(),
                        wrong.accessKey(),
                        wrong.secretKey(),
                        false,
                        wrong.timeout(),
                        wrong.multipartThreshold(),
                        wrong.partSize()));
        UUID tenant = UUID.randomUUID();
        UUID blob = UUID.randomUUID();
        var e = assertThrows(S3Exception.class, () -> put(store, tenant, blob, new byte[] {1}));
        assertEquals(403, e.statusCode());
        assertNull(object(tenant, blob));
    }

    @Test
    void aBlobAboveTheMultipartThresholdRoundTripsInParts() {
        var store = S3BlobStore.open(
                db, Settings.of(Optional.of(S3Proxy.IDENTITY), Optional.of(S3Proxy.CREDENTIAL), 5 * MIB, 5 * MIB));
        UUID tenant = UUID.randomUUID();
        UUID small = UUID.randomUUID();
        UUID large = UUID.randomUUID();
        byte[] below = new byte[(int) (5 * MIB)];
        byte[] above = new byte[(int) (2 * 5 * MIB + 1234)];
        new Random(17).nextBytes(below);
        new Random(42).nextBytes(above);
        put(store, tenant, small, below);
        put(store, tenant, large, above);
        assertArrayEquals(above, store.get(tenant, large), "the parts come back as one object, in order");
        assertArrayEquals(above, object(tenant, large));
        assertArrayEquals(below, store.get(tenant, small));
        // a multipart object's ETag is the digest of its parts' digests with the part count appended
        assertTrue(etag(tenant, large).replace("\"", "").endsWith("-3"), etag(tenant, large));
        assertFalse(etag(tenant, small).contains("-"), "at the threshold one plain put: " + etag(tenant, small));
        store.delete(tenant, List.of(small, large));
        assertNull(object(tenant, large));
    }

    @Test
    void withoutStaticKeysTheSdkDefaultCredentialsChainSigns() {
        UUID tenant = UUID.randomUUID();
        UUID blob = UUID.randomUUID();
        byte[] bytes = "from the chain".getBytes(StandardCharsets.UTF_8);
        var noKeys = Settings.of(Optional.empty(), Optional.empty(), 16 * MIB, 8 * MIB);
        try {
            // the chain's first source: the JVM system properties
            System.setProperty("aws.accessKeyId", S3Proxy.IDENTITY);
            System.setProperty("aws.secretAccessKey", "not-the-credential");
            var refused = new S3BlobStore(db, S3Clients.build(noKeys), BUCKET, 16 * MIB, (int) (8 * MIB));
            var e = assertThrows(S3Exception.class, () -> put(refused, tenant, blob, bytes));
            assertEquals(403, e.statusCode(), "the chain's keys are the ones that sign");

            System.setProperty("aws.secretAccessKey", S3Proxy.CREDENTIAL);
            var store = S3BlobStore.open(db, noKeys);
            put(store, tenant, blob, bytes);
            assertArrayEquals(bytes, object(tenant, blob));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void onlyOneOfTheStaticKeysIsAStartUpError() {
        var half = Settings.of(Optional.of(S3Proxy.IDENTITY), Optional.empty(), 16 * MIB, 8 * MIB);
        var e = assertThrows(IllegalStateException.class, () -> S3Clients.build(half));
        assertTrue(e.getMessage().contains("set both or neither"), e.getMessage());
    }
}
