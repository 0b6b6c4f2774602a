package dev.quire.platform.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A real S3 API server for tests: s3proxy on a filesystem backend, run as its own process from the jar the module's
 * build copies to {@code target/s3proxy/s3proxy.jar} (its fat jar would clash on the test classpath).
 */
public final class S3Proxy implements AutoCloseable {
    public static final String IDENTITY = "quire";
    public static final String CREDENTIAL = "quire-test-s3-credential";

    private final Process process;
    private final URI endpoint;

    private S3Proxy(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Starts a server on a free port and waits until it accepts connections. */
    public static S3Proxy start() throws IOException, InterruptedException {
        return start(IDENTITY, CREDENTIAL);
    }

    /**
     * The same with its own access key (a test that searches for the secret wants one no other test or file holds).
     */
    public static S3Proxy start(String identity, String credential) throws IOException, InterruptedException {
        Path jar = Path.of("target/s3proxy/s3proxy.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("the build copies s3proxy to " + jar + " (maven-dependency-plugin)");
        }
        // the free port is only free when asked: another module's tests may take it first, and then this server
        // exits at start (bind failure), so a server that does not stay up is started again on another port
        var logs = new java.util.ArrayList<Path>();
        for (int attempt = 1; ; attempt++) {
            S3Proxy started = startOnFreePort(jar, identity, credential, logs);
            if (started != null) {
                return started;
            }
            if (attempt == 3) {
                throw new IllegalStateException("s3proxy exited at start three times (logs: " + logs + ")");
            }
        }
    }

    private static S3Proxy startOnFreePort(Path jar, String identity, String credential, List<Path> logs)
            throws IOException, InterruptedException {
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
                        + "s3proxy.identity=" + identity + "\n"
                        + "s3proxy.credential=" + credential + "\n"
                        + "jclouds.provider=filesystem\n"
                        + "jclouds.filesystem.basedir=" + dir.resolve("data") + "\n");
        Process p = new ProcessBuilder(
                        "java", "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "--properties", props.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile())
                .start();
        // up when its own log says it listens on the port: a connection alone could reach another module's server
        // that took the same port first (then this one exits with a bind failure and is started again elsewhere)
        Path log = dir.resolve("s3proxy.log");
        logs.add(log);
        String listening = "Started ServerConnector";
        Instant end = Instant.now().plusSeconds(60);
        while (!Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains(listening)) {
            if (!p.isAlive()) {
                return null;
            }
            if (Instant.now().isAfter(end)) {
                p.destroyForcibly();
                throw new IllegalStateException("s3proxy did not start (log: " + log + ")");
            }
            Thread.sleep(200);
        }
        return new S3Proxy(p, URI.create("http://127.0.0.1:" + port));
    }

    @Override
    public void close() {
        process.destroy();
    }
}
