package dev.quire.connector.api;

import dev.quire.connector.source.ConnectorTypes;
import dev.quire.connector.source.SourceConnector;
import dev.quire.contracts.api.Page;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.auth.Role;
import dev.quire.platform.auth.Role.Scope;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The connector types this installation can sync, each with the JSON Schema of its config and credentials. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/connector-types")
@Authenticated
@RequiredArgsConstructor
public class ConnectorTypeResource {
    /** A connector type, what it can do, and the JSON Schema of {@code {config, credentials}}. */
    public record ConnectorType(
            String type, String name, SourceConnector.Capabilities capabilities, Map<String, Object> schema) {}

    private final JsonWebToken jwt;
    private final ConnectorTypes types;

    @GET
    public Page<ConnectorType> list() {
        Caller.from(jwt).require(Role.VIEWER, Scope.READ);
        return Page.of(types.all().stream()
                .map(t -> new ConnectorType(t.type(), t.title(), t.capabilities(), t.schema()))
                .toList());
    }
}
