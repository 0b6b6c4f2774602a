package dev.quire.gateway.limits;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the shared limiter: DOWN while this replica limits locally because Redis is unreachable. */
@Readiness
@ApplicationScoped
@RequiredArgsConstructor
public class LimiterReadiness implements AsyncHealthCheck {
    private final Limiter limiter;

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .completionStage(() -> limiter.probe().otherwise(false).toCompletionStage())
                .map(ok -> HealthCheckResponse.named("limiter")
                        .status(ok && !limiter.degraded())
                        .withData("mode", ok ? "shared" : "local-fallback")
                        .build());
    }
}
