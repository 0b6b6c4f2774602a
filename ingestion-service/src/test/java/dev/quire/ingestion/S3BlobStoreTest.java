package dev.quire.ingestion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ingestion.blob.S3BlobStore;
import dev.quire.ingestion.blob.S3Client;
import dev.quire.platform.db.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 blob store against a real S3 API server (s3proxy on a filesystem backend, started as its own process). */
@QuarkusTest
class S3BlobStoreTest {
    private static final String BUCKET = "quire-test";
    private static Process server;
    private static URI endpoint;

    @Inject
    Db db;

    @BeforeAll
    static void startS3() throws Exception {
        Path jar = Path.of("target/s3proxy/s3proxy.jar");
        assertTrue(Files.exists(jar), "the build copies s3proxy to " + jar);
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("s3proxy");
        Files.createDirectories(dir.resolve("data"));
        Path props = dir.resolve("s3proxy.properties");
        Files.writeString(
                props,
                "s3proxy.endpoint=http://127.0.0.1:" + port + "\n"
                        + "s3proxy.authorization=aws-v2-or-v4\n"
                        + "s3proxy.identity=quire\n"
                        + "s3proxy.credential=quire-secret\n"
                        + "jclouds.provider=filesystem\n"
                        + "jclouds.filesystem.basedir=" + dir.resolve("data") + "\n");
        server = new ProcessBuilder(
                        "java", "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "--properties", props.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile())
                .start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        Instant end = Instant.now().plusSeconds(60);
        while (true) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                break;
            } catch (java.io.IOException e) {
                if (Instant.now().isAfter(end)) {
                    throw new IllegalStateException("s3proxy did not start", e);
                }
                Thread.sleep(200);
            }
        }
    }

    @AfterAll
    static void stopS3() {
        if (server != null) {
            server.destroy();
        }
    }

    private static S3Client client(String secret) {
        return new S3Client(endpoint, "us-east-1", "quire", secret, Duration.ofSeconds(30));
    }

    @Test
    void putGetAndDeleteGoThroughTheS3ApiAndTheTenantWall() {
        var s3 = client("quire-secret");
        s3.createBucket(BUCKET);
        s3.createBucket(BUCKET); // a second create is fine
        var store = new S3BlobStore(db, s3, BUCKET);
        UUID tenant = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID blob = UUID.randomUUID();
        byte[] bytes = ("päyload " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        db.inTenant(tenant, c -> {
            store.put(c, tenant, blob, bytes);
            return null;
        });
        assertArrayEquals(bytes, store.get(tenant, blob));
        assertArrayEquals(bytes, s3.get(BUCKET, "tenants/" + tenant + "/" + blob));
        assertNull(store.get(other, blob), "another tenant's blob is not found, even by id");
        store.delete(other, List.of(blob));
        assertArrayEquals(bytes, store.get(tenant, blob), "another tenant cannot delete it");
        store.delete(tenant, List.of(blob));
        assertNull(store.get(tenant, blob));
        assertNull(s3.get(BUCKET, "tenants/" + tenant + "/" + blob), "the object is gone from the bucket");
    }

    @Test
    void aWrongSecretIsRefusedBySignatureCheck() {
        client("quire-secret").createBucket(BUCKET);
        assertThrows(IllegalStateException.class, () -> client("wrong").put(BUCKET, "x", new byte[] {1}));
    }
}
