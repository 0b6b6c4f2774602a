package dev.quire.gateway.e2e;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The running stack's processes, scripts and database, for tests that break and mend it (kill -9, restart). */
final class Stack {
    static final Path HOME = Path.of(System.getenv().getOrDefault("QUIRE_HOME", "../.quire"));

    private Stack() {}

    /** Runs a project script (from the repository root) and fails on a non-zero exit. */
    static String script(String... args) throws Exception {
        return script(Map.of(), args);
    }

    /** The same with {@code env} over this JVM's environment (an empty value removes the variable). */
    static String script(Map<String, String> env, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of("bash"));
        cmd.add("../scripts/" + args[0]);
        cmd.addAll(List.of(args).subList(1, args.length));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("QUIRE_HOME", HOME.toAbsolutePath().toString());
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    /** kill -9 of a service started by scripts/services.sh (pid in $QUIRE_HOME/run). */
    static void kill9(String service) throws Exception {
        long pid = Long.parseLong(
                Files.readString(HOME.resolve("run/" + service + ".pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
    }

    /** The environment variables starting with {@code prefix} of a running service started by scripts/services.sh. */
    static Map<String, String> environment(String service, String prefix) throws Exception {
        long pid = Long.parseLong(
                Files.readString(HOME.resolve("run/" + service + ".pid")).strip());
        var out = new java.util.TreeMap<String, String>();
        for (String entry :
                Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0 && entry.startsWith(prefix)) {
                out.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return out;
    }

    /**
     * Stops services started by scripts/services.sh gracefully (SIGTERM to all at once, as a rolling update's
     * replicas are) and waits until they are gone.
     */
    static void stop(String... services) throws Exception {
        var exits = new java.util.ArrayList<java.util.concurrent.CompletableFuture<ProcessHandle>>();
        for (String service : services) {
            long pid = Long.parseLong(
                    Files.readString(HOME.resolve("run/" + service + ".pid")).strip());
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                exits.add(h.onExit());
            });
        }
        exits.forEach(java.util.concurrent.CompletableFuture::join);
    }

    static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** An extra ingestion-service instance from the built jar on {@code port}, ready when this returns. */
    static Process ingestion(int port) throws Exception {
        return ingestion(port, Map.of());
    }

    /** The same, with extra environment variables. */
    static Process ingestion(int port, Map<String, String> env) throws Exception {
        var jar = new File("../ingestion-service/target/quarkus-app/quarkus-run.jar");
        var pb = new ProcessBuilder(
                        "java",
                        "-Xmx768m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.getAbsolutePath())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/ingestion-" + port + ".log")));
        pb.environment()
                .putAll(Map.of(
                        "QUIRE_INGESTION_PORT",
                        Integer.toString(port),
                        "QUIRE_INGESTION_MANAGEMENT_PORT",
                        Integer.toString(managementPort(port))));
        pb.environment().putAll(env);
        Process p = pb.start();
        awaitReady(port, p, Duration.ofSeconds(120));
        return p;
    }

    /**
     * The management interface's port (health, metrics) of an extra instance this suite starts on {@code port}: 1000
     * below it, clear of the stack's own 9080-9085 and of the other instances' main ports.
     */
    static int managementPort(int port) {
        return port - 1000;
    }

    /** Waits for the readiness of an extra instance on {@code port} (asked on its management interface). */
    static void awaitReady(int port, Process p, Duration timeout) throws Exception {
        if (!awaitHealth(port, "/q/health/ready", p, timeout, "instance on " + port + " exited")) {
            throw new IllegalStateException("instance on " + port + " not ready after " + timeout);
        }
    }

    /**
     * Starts {@code pb} (an instance on {@code port} logging to {@code log}) and waits for its health check; kills it
     * and fails when it does not pass in time.
     */
    static Process startHealthy(ProcessBuilder pb, int port, String check, Duration timeout, String what, String log)
            throws Exception {
        Process p = pb.start();
        if (awaitHealth(port, check, p, timeout, what + " on " + port + " exited; see " + log)) {
            return p;
        }
        p.destroyForcibly();
        throw new IllegalStateException(what + " on " + port + " did not start");
    }

    /**
     * Polls a health check ({@code path}) on the management interface of the instance on {@code port} until it answers
     * 200 (true) or the time is up (false); fails with {@code exited} when the process {@code p} (if any) is gone.
     */
    static boolean awaitHealth(int port, String path, Process p, Duration timeout, String exited) throws Exception {
        var client = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            try {
                var r = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort(port) + path))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException(exited);
            }
            Thread.sleep(300);
        }
        return false;
    }

    /** One query as the PostgreSQL superuser on the stack's database (over its socket); rows of '|'-separated columns. */
    static List<String> sql(String query) throws Exception {
        var pb = new ProcessBuilder(
                        "psql",
                        "-h",
                        // the superuser's socket (TCP asks for passwords, and the superuser has none)
                        HOME.resolve("pg").toAbsolutePath().toString(),
                        "-p",
                        System.getenv().getOrDefault("QUIRE_PG_PORT", "5432"),
                        "-U",
                        "postgres",
                        "-d",
                        "quire",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-Atc",
                        query)
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }
}
