package dev.quire.platform.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TelemetryConfigSourceTest {
    @Test
    void tracingIsOffWithoutACollectorEndpoint() {
        for (String unset : new String[] {null, "", "  "}) {
            var source = new TelemetryConfigSource(unset);
            assertEquals("true", source.getValue("quarkus.otel.sdk.disabled"));
            assertNull(source.getValue("quarkus.otel.exporter.otlp.endpoint"));
        }
    }

    @Test
    void anEndpointTurnsTracingOnAndExportsThere() {
        var source = new TelemetryConfigSource(" http://collector:4317 ");
        assertEquals("false", source.getValue("quarkus.otel.sdk.disabled"));
        assertEquals("http://collector:4317", source.getValue("quarkus.otel.exporter.otlp.endpoint"));
    }
}
