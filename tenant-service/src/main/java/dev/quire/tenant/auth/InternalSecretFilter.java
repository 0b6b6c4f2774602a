package dev.quire.tenant.auth;

import dev.quire.contracts.Headers;
import dev.quire.platform.api.InternalSecret;
import dev.quire.platform.api.ProblemMapper;
import dev.quire.tenant.config.TenantConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses every {@code /internal/**} request without the shared internal secret, before routing (401). */
@RequiredArgsConstructor
public class InternalSecretFilter {
    private final TenantConfig config;

    @ServerRequestFilter(preMatching = true)
    public Response guard(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/internal/") && !path.equals("/internal")) {
            return null;
        }
        if (InternalSecret.matches(
                ctx.getHeaderString(Headers.INTERNAL_SECRET), Optional.of(config.internalSecret()))) {
            return null;
        }
        return ProblemMapper.problemBuilder(
                        401,
                        "invalid_token",
                        "internal routes need the internal secret",
                        ctx.getHeaderString(Headers.REQUEST_ID))
                .build();
    }
}
