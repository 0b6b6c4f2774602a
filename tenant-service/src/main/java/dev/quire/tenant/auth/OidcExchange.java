package dev.quire.tenant.auth;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.Db;
import dev.quire.tenant.apikey.ApiKeyService;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.tenant.TenantStore;
import dev.quire.tenant.user.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Exchanges a token of the configured external OIDC issuer for an internal Quire token: the signature is checked
 * against the issuer's JWKS, {@code iss} must match and {@code exp} be in the future; the tenant claim names a Quire
 * tenant, and the user is found by subject or email (created as a member on first sight).
 */
@ApplicationScoped
public class OidcExchange {
    private static final Logger LOG = Logger.getLogger(OidcExchange.class);

    private final Db db;
    private final UserStore users;
    private final TenantStore tenants;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final String tenantClaim;
    private final Optional<String> issuerUrl;
    private final JwtConsumer consumer;

    public OidcExchange(
            Db db, UserStore users, TenantStore tenants, TokenIssuer issuer, AuditLog audit, TenantConfig config) {
        this.db = db;
        this.users = users;
        this.tenants = tenants;
        this.issuer = issuer;
        this.audit = audit;
        var oidc = config.oidc();
        this.tenantClaim = oidc.tenantClaim().orElse("tenant_id");
        this.issuerUrl = oidc.issuer();
        if (oidc.issuer().isPresent() && oidc.jwksUrl().isPresent()) {
            var jwks = new HttpsJwks(oidc.jwksUrl().get());
            var b = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds(30)
                    .setExpectedIssuer(true, oidc.issuer().get())
                    .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks));
            if (oidc.audience().isPresent()) {
                b.setExpectedAudience(oidc.audience().get());
            } else {
                b.setSkipDefaultAudienceValidation();
            }
            this.consumer = b.build();
        } else {
            this.consumer = null;
        }
    }

    public boolean enabled() {
        return consumer != null;
    }

    public ApiKeyService.Exchanged exchange(String token) {
        if (consumer == null || token == null || token.length() > 16_384) {
            throw invalid();
        }
        JwtClaims claims;
        UUID tenantId;
        String subject;
        String email;
        try {
            claims = consumer.processToClaims(token);
            tenantId = UUID.fromString(String.valueOf(claims.getClaimValue(tenantClaim)));
            subject = claims.getSubject();
            Object e = claims.getClaimValue("email");
            // an address the issuer says it has not verified is not used to find or name a user
            boolean unverified = Boolean.FALSE.equals(claims.getClaimValue("email_verified"));
            email = e == null || unverified ? null : AuthService.normalise(e.toString());
        } catch (Exception e) {
            LOG.debugf("external token refused: %s", e.getMessage());
            throw invalid();
        }
        if (subject == null && email == null) {
            throw invalid();
        }
        String external = issuerUrl.orElseThrow() + "|" + (subject == null ? email : subject);
        String mail = email != null ? email : (subject + "@" + host(issuerUrl.get())).toLowerCase(Locale.ROOT);
        var user = db.tx(c -> {
            var tenant = tenants.find(c, tenantId);
            if (tenant.isEmpty() || !"active".equals(tenant.get().status())) {
                throw invalid();
            }
            var found = users.byExternalSubject(c, external);
            if (found.isEmpty()) {
                found = users.byEmailInTenant(c, tenantId, mail); // emails are unique per tenant only
                if (found.isPresent()) {
                    users.setExternalSubject(c, found.get().id(), external);
                }
            }
            if (found.isPresent()) {
                return found.get();
            }
            UUID id = UUID.randomUUID();
            try {
                users.insert(c, id, tenantId, mail, null, Roles.MEMBER, null, null);
            } catch (UserStore.EmailTaken ex) {
                throw invalid();
            }
            users.setExternalSubject(c, id, external);
            audit.record(
                    c,
                    tenantId,
                    AuditLog.Who.user(id, null),
                    "user.create",
                    "user",
                    id,
                    "success",
                    Map.of("via", "oidc", "role", Roles.MEMBER));
            return users.byId(c, id).orElseThrow();
        });
        if (!user.tenantId().equals(tenantId) || !"active".equals(user.tenantStatus())) {
            throw invalid();
        }
        var t = issuer.issueInternal(user.id(), user.tenantId(), user.plan(), user.role(), null, null, null);
        return new ApiKeyService.Exchanged(t, user.tenantId(), user.id(), null);
    }

    private static String host(String url) {
        return url.replaceFirst("^[a-z]+://", "").replaceFirst("[/:].*$", "");
    }

    private static ApiException invalid() {
        return new ApiException(401, "invalid_token", "the external token is not accepted");
    }
}
