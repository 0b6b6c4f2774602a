package dev.quire.tenant.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import lombok.RequiredArgsConstructor;

/** The public signing keys: the active one and those retired within the overlap. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/.well-known/jwks.json")
@RequiredArgsConstructor
public class JwksResource {
    private final SigningKeys keys;

    @GET
    public Response jwks() {
        return Response.ok(Map.of("keys", keys.publicJwks()))
                .header("Cache-Control", "public, max-age=60")
                .build();
    }
}
