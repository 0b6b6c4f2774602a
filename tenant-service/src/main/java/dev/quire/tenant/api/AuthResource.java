package dev.quire.tenant.api;

import dev.quire.tenant.auth.AuthService;
import dev.quire.tenant.auth.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/** Sign-up, token and JWKS endpoints. */
@Path("/")
public class AuthResource {
    /** Body of a sign-up. */
    public record SignupRequest(String tenantName, String email, String password, String plan) {}

    /** Answer of a sign-up. */
    public record SignupResponse(UUID tenantId, UUID userId, String accessToken, int expiresIn) {}

    /** Body of a token request. */
    public record TokenRequest(String email, String password, String apiKey) {}

    /** Answer of a token request. */
    public record TokenResponse(String accessToken, String tokenType, int expiresIn) {}

    private final AuthService auth;
    private final SigningKeys keys;

    public AuthResource(AuthService auth, SigningKeys keys) {
        this.auth = auth;
        this.keys = keys;
    }

    @POST
    @Path("api/v1/auth/signup")
    public Response signup(SignupRequest req) {
        if (req == null) {
            throw ApiException.validation("a JSON body is required");
        }
        var s = auth.signup(req.tenantName(), req.email(), req.password(), req.plan());
        return Response.status(201)
                .entity(new SignupResponse(
                        s.tenantId(), s.userId(), s.token().token(), s.token().expiresIn()))
                .build();
    }

    @POST
    @Path("api/v1/auth/token")
    public TokenResponse token(TokenRequest req) {
        if (req == null) {
            throw ApiException.validation("a JSON body is required");
        }
        if (req.apiKey() != null) {
            throw new ApiException(401, "invalid_credentials", "API keys are not enabled yet");
        }
        var t = auth.token(req.email(), req.password());
        return new TokenResponse(t.token(), "Bearer", t.expiresIn());
    }

    @GET
    @Path(".well-known/jwks.json")
    public Map<String, Object> jwks() {
        return Map.of("keys", keys.publicJwks());
    }
}
