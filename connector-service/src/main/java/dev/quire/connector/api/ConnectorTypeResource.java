package dev.quire.connector.api;

import dev.quire.contracts.api.Page;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The connector types this installation can sync; none are enabled until their sync lands. */
@Path("/api/v1/connector-types")
@Authenticated
public class ConnectorTypeResource {
    /** A connector type and the JSON schema of its configuration. */
    public record ConnectorType(String type, String name, Map<String, Object> configSchema) {}

    private final JsonWebToken jwt;

    public ConnectorTypeResource(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    @GET
    public Page<ConnectorType> list() {
        Caller.from(jwt).require(Role.VIEWER, Scope.READ);
        return Page.of(List.of());
    }
}
