package dev.quire.gateway.e2e;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Extra gateway replicas started as real processes from the built jar, sharing the stack's Redis and Kafka. */
final class Gateways {
    private Gateways() {}

    static Process start(int port, Map<String, String> env) throws Exception {
        var jar = new File("target/quarkus-app/quarkus-run.jar");
        // the JVM options scripts/services.sh starts the stack's gateway with (the serial collector, which the JVM
        // also picks by itself in a pod under two CPUs or 1.75 GB): replicas and benchmarks see the gateway as it runs
        var pb = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.getAbsolutePath())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/gateway-" + port + ".log"));
        pb.environment().put("QUIRE_GATEWAY_PORT", Integer.toString(port));
        pb.environment().put("QUIRE_GATEWAY_MANAGEMENT_PORT", Integer.toString(Stack.managementPort(port)));
        pb.environment().putAll(env);
        Process p = pb.start();
        String exited = "gateway on " + port + " exited; see target/gateway-" + port + ".log";
        if (Stack.awaitHealth(port, "/q/health/live", p, Duration.ofSeconds(60), exited)) {
            return p;
        }
        p.destroyForcibly();
        throw new IllegalStateException("gateway on " + port + " did not start");
    }

    static void stop(Process p) {
        if (p != null) {
            p.destroy();
        }
    }
}
