package dev.quire.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One service image built by the same Jib configuration `make images` uses (root pom), during the test, and its OCI
 * configuration read back. Offline no base image can be pulled, so the image is built on {@code scratch}: the
 * configuration (entrypoint, user, ports, environment) and the application layers are what is checked.
 */
class ImageTest {

    static final Path ROOT = Path.of(System.getProperty("quire.root", "../.."));
    static final String SERVICE = "connector-service";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path out;

    static Map<String, byte[]> entries;
    static JsonNode config;
    static JsonNode manifest;

    @BeforeAll
    static void buildTheImage() throws Exception {
        Path app = ROOT.resolve(SERVICE).resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(
                Files.exists(app),
                app + " is missing: the image packs the service's Quarkus build (make build, or make test's install)");
        Path tar = out.resolve(SERVICE + ".tar");
        List<String> cmd = new ArrayList<>(List.of(
                ROOT.resolve("mvnw").toAbsolutePath().toString(),
                "-B",
                "-ntp",
                "-q",
                "-o",
                "-f",
                ROOT.resolve("pom.xml").toAbsolutePath().toString(),
                "-pl",
                SERVICE,
                "com.google.cloud.tools:jib-maven-plugin:buildTar",
                "-Dquire.image.base=scratch",
                "-Djib.outputPaths.tar=" + tar.toAbsolutePath()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("jib.log").toFile())
                .start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "jib:buildTar finished");
        assertEquals(0, p.exitValue(), () -> "jib:buildTar: " + read(out.resolve("jib.log")));
        entries = untar(Files.newInputStream(tar));
        JsonNode index = JSON.readTree(entries.get("index.json"));
        manifest =
                JSON.readTree(blob(index.path("manifests").get(0).path("digest").asText()));
        config = JSON.readTree(blob(manifest.path("config").path("digest").asText()));
    }

    @Test
    void imageRunsTheFastJarAsANonRootUserWithJvmOptionsFromTheEnvironment() {
        JsonNode c = config.path("config");
        assertEquals("185:185", c.path("User").asText(), "non-root uid and gid");
        assertEquals(
                List.of("/bin/sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"),
                JSON.convertValue(c.path("Entrypoint"), List.class));
        assertEquals("/deployments", c.path("WorkingDir").asText());
        assertTrue(JSON.convertValue(c.path("Env"), List.class).contains("HOME=/tmp"), "a writable HOME under /tmp");
        assertEquals(
                java.util.Set.of("8085/tcp", "9085/tcp"),
                JSON.convertValue(c.path("ExposedPorts"), Map.class).keySet(),
                "the service port and the management port");
    }

    @Test
    void imageHoldsTheQuarkusAppOnceAndNothingElse() throws IOException {
        List<String> files = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            for (String name : untar(new GZIPInputStream(new java.io.ByteArrayInputStream(
                            blob(layer.path("digest").asText()))))
                    .keySet()) {
                files.add(name);
            }
        }
        assertTrue(files.contains("deployments/quarkus-run.jar"), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.startsWith("deployments/lib/main/")), "dependencies");
        assertTrue(files.stream().anyMatch(f -> f.startsWith("deployments/quarkus/")), "generated application");
        assertFalse(files.stream().anyMatch(f -> f.startsWith("app/")), "Jib's own /app layers are filtered out");
    }

    private static byte[] blob(String digest) {
        byte[] b = entries.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertTrue(b != null, digest + " in the tarball");
        return b;
    }

    /** a plain ustar reader: the test needs names and contents only. */
    static Map<String, byte[]> untar(InputStream in) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (in) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(
                        field(header, 124, 12).trim().isEmpty()
                                ? "0"
                                : field(header, 124, 12).trim(),
                        8);
                byte[] data = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (header[156] == '0' || header[156] == 0) {
                    files.put(name.startsWith("./") ? name.substring(2) : name, data);
                }
            }
        }
        return files;
    }

    private static String field(byte[] h, int at, int len) {
        int end = at;
        while (end < at + len && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.UTF_8);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
