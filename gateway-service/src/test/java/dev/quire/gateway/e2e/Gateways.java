package dev.quire.gateway.e2e;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Extra gateway replicas started as real processes from the built jar, sharing the stack's Redis and Kafka. */
final class Gateways {
    private Gateways() {}

    static Process start(int port, Map<String, String> env) throws Exception {
        var jar = new File("target/quarkus-app/quarkus-run.jar");
        // the JVM options scripts/services.sh starts the stack's gateway with (the serial collector, which the JVM
        // also picks by itself in a pod under two CPUs or 1.75 GB): replicas and benchmarks see the gateway as it runs
        String log = log(port).toString();
        var pb = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.getAbsolutePath())
                .redirectErrorStream(true)
                .redirectOutput(new File(log));
        pb.environment().put("QUIRE_GATEWAY_PORT", Integer.toString(port));
        pb.environment().put("QUIRE_GATEWAY_MANAGEMENT_PORT", Integer.toString(Stack.managementPort(port)));
        pb.environment().putAll(env);
        return Stack.startHealthy(pb, port, "/q/health/live", Duration.ofSeconds(60), "gateway", log);
    }

    /** The replica's log file (its standard output and error). */
    static Path log(int port) {
        return Path.of("target", "gateway-" + port + ".log");
    }

    static void stop(Process p) {
        if (p != null) {
            p.destroy();
        }
    }
}
