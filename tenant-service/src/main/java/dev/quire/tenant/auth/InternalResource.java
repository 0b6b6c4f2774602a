package dev.quire.tenant.auth;

import dev.quire.contracts.Headers;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.InternalSecret;
import dev.quire.tenant.api.Views;
import dev.quire.tenant.apikey.ApiKeyService;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.tenant.TenantService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * Service-to-service routes (never routed by the gateway), guarded by the shared secret in
 * {@code X-Quire-Internal-Secret}: credential exchange, tenant status/limits, and a
 * token's user and key as they are now.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/internal/v1")
@RequiredArgsConstructor
public class InternalResource {
    /** An API key or an external OIDC token to exchange. */
    public record ExchangeRequest(String apiKey, String token) {}

    /** The internal token and whom it speaks for. */
    public record ExchangeResponse(String accessToken, int expiresIn, UUID tenantId, UUID userId, UUID apiKeyId) {}

    private final ApiKeyService keys;
    private final OidcExchange oidc;
    private final TenantService tenants;
    private final TenantConfig config;
    private final PrincipalStatus principals;

    @POST
    @Path("credentials/exchange")
    public ExchangeResponse exchange(@HeaderParam(Headers.INTERNAL_SECRET) String secret, ExchangeRequest req) {
        guard(secret);
        if (req == null || (req.apiKey() == null) == (req.token() == null)) {
            throw ApiException.validation("exactly one of apiKey and token is required");
        }
        var e = req.apiKey() != null ? keys.exchange(req.apiKey()) : oidc.exchange(req.token());
        return new ExchangeResponse(e.token().token(), e.token().expiresIn(), e.tenantId(), e.userId(), e.apiKeyId());
    }

    @GET
    @Path("tenants/{id}")
    public Views.InternalTenant tenant(@HeaderParam(Headers.INTERNAL_SECRET) String secret, @PathParam("id") UUID id) {
        guard(secret);
        return Views.InternalTenant.of(tenants.get(id));
    }

    /** A token's user (and key) as they are now; 404 when they may no longer act. */
    @GET
    @Path("principals/{tenantId}/{userId}")
    public PrincipalStatus.Current principal(
            @HeaderParam(Headers.INTERNAL_SECRET) String secret,
            @PathParam("tenantId") UUID tenantId,
            @PathParam("userId") UUID userId,
            @QueryParam("apiKeyId") UUID apiKeyId) {
        guard(secret);
        return principals
                .of(tenantId, userId, apiKeyId)
                .orElseThrow(() -> new ApiException(404, "not_found", "no such active user or key"));
    }

    private void guard(String secret) {
        InternalSecret.require(secret, Optional.of(config.internalSecret()));
    }
}
