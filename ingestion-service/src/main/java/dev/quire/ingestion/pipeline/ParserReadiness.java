package dev.quire.ingestion.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while too many parses are still running past their deadline: new parses are refused until they end. */
@Readiness
@ApplicationScoped
@RequiredArgsConstructor
public class ParserReadiness implements HealthCheck {
    private final Parser parser;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("parser")
                .status(!parser.runner().saturated())
                .withData("abandonedParses", parser.runner().abandoned())
                .withData("ocr", parser.ocr())
                .build();
    }
}
