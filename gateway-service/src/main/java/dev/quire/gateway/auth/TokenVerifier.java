package dev.quire.gateway.auth;

import dev.quire.contracts.Claims;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks a bearer token against Quire's key set (signature, issuer, audience, expiry) and that it names a tenant
 * and a user. Blocking: the key set may be fetched over HTTP.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class TokenVerifier {
    /** A token that did not pass, with the reason kept out of responses. */
    public static class Rejected extends Exception {
        public Rejected(String reason) {
            super(reason);
        }
    }

    private static final int MAX_TOKEN_LENGTH = 8192;

    private final JWTParser parser;

    public JsonWebToken verify(String token) throws Rejected {
        if (token == null || token.isBlank()) {
            throw new Rejected("missing token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new Rejected("token too large");
        }
        try {
            JsonWebToken jwt = parser.parse(token);
            if (jwt.getSubject() == null || jwt.getClaim(Claims.TENANT_ID) == null) {
                throw new Rejected("token lacks sub or tenant_id");
            }
            return jwt;
        } catch (ParseException | RuntimeException e) {
            throw new Rejected(e.getMessage());
        }
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    public static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }
}
