package dev.quire.connector.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** A {@link ConnectorsConfig} for tests that make a connector by hand: the mapping's defaults and the given values. */
public final class TestConnectorsConfig {
    private TestConnectorsConfig() {}

    /** The defaults, with {@code properties} (full names, e.g. {@code quire.connectors.http-timeout}) over them. */
    public static ConnectorsConfig of(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                // Quarkus' converter reads durations as application.properties does ("PT30S" or "30s")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(ConnectorsConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(ConnectorsConfig.class);
    }
}
