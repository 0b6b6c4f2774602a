package dev.quire.tenant.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.quire.contracts.Headers;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.ClientIp;
import dev.quire.platform.api.ProblemMapper;
import dev.quire.tenant.apikey.ApiKeyService;
import dev.quire.tenant.config.TenantConfig;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Sign-up, token, refresh, logout, invitation and password endpoints. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/auth")
@RequiredArgsConstructor
public class AuthResource {
    public static final String REFRESH_COOKIE = "quire_refresh";
    private static final String COOKIE_PATH = "/api/v1/auth";

    /** Body of a sign-up. */
    public record SignupRequest(
            @NotBlank @Size(max = 200) String tenantName,
            @NotNull @Pattern(regexp = AuthService.EMAIL_PATTERN, message = "is not a valid address") String email,
            @NotNull @Size(min = 8, max = 1024) String password,
            String plan) {}

    /** Answer of a sign-up. */
    public record SignupResponse(UUID tenantId, UUID userId, String accessToken, int expiresIn) {}

    /** Body of a token request. */
    public record TokenRequest(String email, String password, String apiKey, UUID tenantId) {}

    /** Answer of a token request. */
    public record TokenResponse(
            String accessToken,
            String tokenType,
            int expiresIn,
            @JsonInclude(JsonInclude.Include.NON_NULL)
                    @Schema(
                            description = "only when the address and password open several workspaces and none was"
                                    + " named: all of them, oldest first (the token is the first's); sign in again"
                                    + " with tenantId for another")
                    List<AuthService.Workspace> workspaces) {
        public TokenResponse(String accessToken, String tokenType, int expiresIn) {
            this(accessToken, tokenType, expiresIn, null);
        }
    }

    /** Body of an invitation acceptance. */
    public record AcceptInvitation(String token, String password) {}

    /** Body of an invitation lookup: the code, in the body so that it stays out of addresses and logs. */
    public record InvitationCode(@NotNull String token) {}

    /** Body of a password change. */
    public record PasswordChange(
            @NotNull String currentPassword, @NotNull @Size(min = 8, max = 1024) String newPassword) {}

    private final AuthService auth;
    private final ApiKeyService apiKeys;
    private final TenantConfig config;
    private final Callers callers;

    @POST
    @Path("signup")
    public Response signup(@NotNull @Valid SignupRequest req, @Context HttpServerRequest http) {
        var s = auth.signup(req.tenantName(), req.email(), req.password(), req.plan(), ClientIp.of(http));
        return Response.status(201)
                .entity(new SignupResponse(
                        s.tenantId(), s.userId(), s.token().token(), s.token().expiresIn()))
                .header(HttpHeaders.SET_COOKIE, cookie(s.refreshSecret(), config.refreshTtlSeconds()))
                .build();
    }

    /** Password sign-in sets the refresh cookie; an API key gets a short internal token and no cookie. */
    @POST
    @Path("token")
    public Response token(@NotNull @Valid TokenRequest req, @Context HttpServerRequest http) {
        if (req.apiKey() != null) {
            var t = apiKeys.exchange(req.apiKey()).token();
            return Response.ok(new TokenResponse(t.token(), "Bearer", t.expiresIn()))
                    .build();
        }
        // an email may have an account in several tenants: the password picks one, or tenantId names it
        var in = auth.passwordToken(req.email(), req.password(), req.tenantId(), ClientIp.of(http));
        return signedIn(in.session(), in.workspaces().isEmpty() ? null : in.workspaces());
    }

    @POST
    @Path("refresh")
    public Response refresh(@CookieParam(REFRESH_COOKIE) String refresh, @Context HttpServerRequest http) {
        sameOrigin(http);
        AuthService.Session s;
        try {
            s = auth.refresh(refresh);
        } catch (ApiException e) {
            // a refused cookie is cleared so the browser stops presenting it
            return ProblemMapper.problemBuilder(e.status, e.code, e.getMessage(), http.getHeader(Headers.REQUEST_ID))
                    .header(HttpHeaders.SET_COOKIE, cookie("", 0))
                    .build();
        }
        return signedIn(s, null);
    }

    @POST
    @Path("logout")
    public Response logout(@CookieParam(REFRESH_COOKIE) String refresh, @Context HttpServerRequest http) {
        sameOrigin(http);
        auth.logout(refresh);
        return Response.noContent()
                .header(HttpHeaders.SET_COOKIE, cookie("", 0))
                .build();
    }

    @POST
    @Path("invitation")
    public AuthService.Invitation invitation(@NotNull @Valid InvitationCode req) {
        return auth.invitation(req.token());
    }

    @POST
    @Path("accept-invitation")
    public Response acceptInvitation(@NotNull @Valid AcceptInvitation req, @Context HttpServerRequest http) {
        var s = auth.acceptInvitation(req.token(), req.password(), ClientIp.of(http));
        return signedIn(s, null);
    }

    @POST
    @Path("password")
    @Authenticated
    public Response password(@NotNull @Valid PasswordChange req) {
        var caller = callers.current().requireUserToken();
        // every other session ends; this one goes on with a new token and refresh cookie
        var s = auth.changePassword(
                caller.tenantId(), caller.userId(), req.currentPassword(), req.newPassword(), caller.ip());
        return signedIn(s, null);
    }

    /** A 200 with the session's bearer token (and {@code workspaces}, when not null) that sets its refresh cookie. */
    private Response signedIn(AuthService.Session s, List<AuthService.Workspace> workspaces) {
        return Response.ok(
                        new TokenResponse(s.token().token(), "Bearer", s.token().expiresIn(), workspaces))
                .header(HttpHeaders.SET_COOKIE, cookie(s.refreshSecret(), config.refreshTtlSeconds()))
                .build();
    }

    /**
     * The routes the refresh cookie authenticates answer only the gateway's own origin and the allowed ones: a
     * browser's {@code Sec-Fetch-Site: cross-site} or an {@code Origin} of another site is 403, whatever the
     * cookie's SameSite (older browsers, a same-site sibling host). The own origin is what the gateway says it
     * served ({@code X-Forwarded-Proto}/{@code -Host}, which it always sets itself), else this request's. Callers
     * that send neither header (servers, CLIs) are not browsers, and a cookie is all they have.
     */
    private void sameOrigin(HttpServerRequest http) {
        String origin = http.getHeader("Origin");
        boolean allowedSite = origin != null
                && config.allowedOrigins().orElse(java.util.List.of()).contains(origin);
        String site = http.getHeader("Sec-Fetch-Site");
        if (site != null && site.strip().equalsIgnoreCase("cross-site") && !allowedSite) {
            throw crossSite();
        }
        if (origin == null || allowedSite) {
            return;
        }
        String proto = http.getHeader("X-Forwarded-Proto");
        String host = http.getHeader("X-Forwarded-Host");
        String own = (proto != null ? proto.split(",")[0].strip() : http.scheme()) + "://"
                + (host != null ? host.split(",")[0].strip() : String.valueOf(http.authority()));
        if (!origin.equalsIgnoreCase(own)) {
            throw crossSite();
        }
    }

    private static ApiException crossSite() {
        return new ApiException(403, "forbidden", "the session cookie is not accepted from another site");
    }

    /** The refresh cookie: HttpOnly, Secure, SameSite=Strict, sent only to the auth routes. */
    static String cookie(String value, int maxAge) {
        return REFRESH_COOKIE + "=" + value + "; Path=" + COOKIE_PATH + "; Max-Age=" + maxAge
                + "; HttpOnly; Secure; SameSite=Strict";
    }
}
