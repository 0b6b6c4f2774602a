package dev.quire.platform.runtime;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns tracing on exactly when {@code QUIRE_OTEL_ENDPOINT} names an OTLP collector: the OpenTelemetry SDK is disabled
 * otherwise, so a service without a collector neither records spans nor tries to send them. A configuration
 * expression cannot derive a boolean from whether a variable is set, hence this source. Its ordinal (120) sits below
 * application.properties, so a service's own setting (a test profile) still wins.
 */
public class TelemetryConfigSource implements ConfigSource {
    static final String ENDPOINT = "QUIRE_OTEL_ENDPOINT";

    private final Map<String, String> values;

    public TelemetryConfigSource() {
        this(System.getenv(ENDPOINT));
    }

    TelemetryConfigSource(String endpoint) {
        boolean on = endpoint != null && !endpoint.isBlank();
        values = on
                ? Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.exporter.otlp.endpoint", endpoint.strip())
                : Map.of("quarkus.otel.sdk.disabled", "true");
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String name) {
        return values.get(name);
    }

    @Override
    public String getName() {
        return "quire-telemetry";
    }

    @Override
    public int getOrdinal() {
        return 120;
    }
}
