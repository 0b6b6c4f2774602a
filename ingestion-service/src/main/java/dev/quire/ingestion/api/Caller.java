package dev.quire.ingestion.api;

import dev.quire.contracts.Claims;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, taken only from the verified token. */
public record Caller(UUID tenantId, UUID userId, Set<String> roles) {

    public static Caller from(JsonWebToken jwt) {
        String tenant = jwt.getClaim(Claims.TENANT_ID);
        if (tenant == null || jwt.getSubject() == null) {
            throw new ApiException(401, "invalid_token", "token lacks tenant_id or sub");
        }
        return new Caller(UUID.fromString(tenant), UUID.fromString(jwt.getSubject()), jwt.getGroups());
    }

    public boolean canWrite() {
        return roles.contains("owner") || roles.contains("admin") || roles.contains("member");
    }
}
