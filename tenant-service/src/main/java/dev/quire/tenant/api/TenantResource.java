package dev.quire.tenant.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Claims;
import dev.quire.tenant.store.TenantStore;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller's own tenant. */
@Path("/api/v1/tenant")
@Authenticated
public class TenantResource {
    /** The caller's tenant and its plan limits. */
    public record TenantView(UUID id, String name, String plan, String status, Map<String, Object> limits) {}

    private final TenantStore store;
    private final JsonWebToken jwt;
    private final ObjectMapper json;

    public TenantResource(TenantStore store, JsonWebToken jwt, ObjectMapper json) {
        this.store = store;
        this.jwt = jwt;
        this.json = json;
    }

    @GET
    @SuppressWarnings("unchecked")
    public TenantView get() throws JsonProcessingException {
        UUID tenantId = UUID.fromString(jwt.getClaim(Claims.TENANT_ID));
        var t = store.tenant(tenantId).orElseThrow(() -> new ApiException(404, "not_found", "no such tenant"));
        return new TenantView(t.id(), t.name(), t.plan(), t.status(), json.readValue(t.limitsJson(), Map.class));
    }
}
