package dev.quire.platform.runtime;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.formatters.StructuredFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Turns the console log into JSON lines when {@code quire.log.json} is on (the {@code prod} profile's default): one
 * object per record with the MDC, where Quarkus's OpenTelemetry puts the current {@code traceId} and {@code spanId}.
 * quarkus-logging-json would do this from configuration, but its deployment artifact is not served by this project's
 * Maven mirror; JBoss LogManager's own {@link JsonFormatter} (the one that extension configures) is on the class
 * path, so the console handler gets it at start-up. Lines logged before start-up (Flyway, the banner) stay text.
 */
@ApplicationScoped
public class JsonLogs {
    void onStart(
            @Observes @Priority(1) StartupEvent event,
            @ConfigProperty(name = "quire.log.json", defaultValue = "false") boolean json,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "quire") String service) {
        if (json) {
            use(formatter(service), LogContext.getLogContext().getLogger("").getHandlers());
        }
    }

    /** The formatter: ISO timestamps in UTC, the service's name on every line, an exception as one detailed field. */
    static JsonFormatter formatter(String service) {
        var f = new JsonFormatter();
        f.setMetaData("service=" + service);
        f.setZoneId("UTC");
        f.setExceptionOutputType(StructuredFormatter.ExceptionOutputType.DETAILED_AND_FORMATTED);
        f.setRecordDelimiter("\n");
        return f;
    }

    /** Sets it on every console handler, also those wrapped in Quarkus's delayed or async handlers. */
    private static void use(JsonFormatter formatter, Handler[] handlers) {
        for (Handler h : handlers) {
            if (h instanceof ConsoleHandler console) {
                console.setFormatter(formatter);
            } else if (h instanceof ExtHandler ext) {
                use(formatter, ext.getHandlers());
            }
        }
    }
}
