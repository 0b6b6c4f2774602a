package dev.quire.gateway.limits;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the shared limiter: DOWN while this replica limits locally because Redis is unreachable. */
@Readiness
@ApplicationScoped
public class LimiterReadiness implements AsyncHealthCheck {
    private final Limiter limiter;

    public LimiterReadiness(Limiter limiter) {
        this.limiter = limiter;
    }

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
