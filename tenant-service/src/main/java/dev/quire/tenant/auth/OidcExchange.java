package dev.quire.tenant.auth;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.apikey.ApiKeyService;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.tenant.Tenant;
import dev.quire.tenant.tenant.Tenants;
import dev.quire.tenant.user.User;
import dev.quire.tenant.user.Users;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Exchanges a token of the configured external OIDC issuer for an internal Quire token: the signature is checked
 * against the issuer's JWKS, {@code iss} must match and {@code exp} be in the future; the tenant claim names a Quire
 * tenant, and the user is found by subject (in any tenant, then refused unless it is this one) or by email in this
 * tenant (created as a member on first sight).
 */
@ApplicationScoped
public class OidcExchange {
    private static final Logger LOG = Logger.getLogger(OidcExchange.class);

    private final Users users;
    private final Tenants tenants;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final String tenantClaim;
    private final Optional<String> issuerUrl;
    private final JwtConsumer consumer;

    public OidcExchange(Users users, Tenants tenants, TokenIssuer issuer, AuditLog audit, TenantConfig config) {
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
        // the subject may be known in any tenant: that lookup sees only the user of this verified subject
        User user = ReactiveTenantTx.await(() ->
                ReactiveTenantTx.withSetting(Users.SUBJECT_SETTING, external, s -> users.byExternalSubject(external)));
        if (user == null) {
            user = ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(tenantId, s -> tenants.findById(tenantId)
                            .chain(tenant -> tenant == null || !tenant.active()
                                    ? Uni.createFrom().failure(invalid())
                                    : users.byEmailInTenant(tenantId, mail) // emails are unique per tenant only
                                            .chain(found -> found != null
                                                    ? Uni.createFrom()
                                                            .item(found)
                                                            .invoke(u -> u.externalSubject = external)
                                                    : firstSight(s, tenant, mail, external))))
                    // a first sight of this subject or address at the same moment elsewhere: refused like a race lost
                    .onFailure(
                            e -> Users.violates(e, Users.EMAIL_PER_TENANT) || Users.violates(e, Users.SUBJECT_UNIQUE))
                    .transform(e -> invalid()));
        }
        if (!user.tenantId().equals(tenantId) || !user.tenant.active()) {
            throw invalid();
        }
        var t = issuer.issueInternal(user.id, user.tenantId(), user.plan(), user.role, null, null, null);
        return new ApiKeyService.Exchanged(t, user.tenantId(), user.id, null);
    }

    /** Creates the user of an external subject seen for the first time, as a member, on the caller's transaction. */
    private Uni<User> firstSight(Mutiny.Session s, Tenant tenant, String mail, String external) {
        var user = Users.of(tenant, mail, null, Roles.MEMBER);
        user.externalSubject = external;
        return users.persist(user)
                .chain(() -> audit.record(
                        s,
                        tenant.id,
                        AuditLog.Who.user(user.id, null),
                        "user.create",
                        "user",
                        user.id,
                        "success",
                        Map.of("via", "oidc", "role", Roles.MEMBER)))
                .replaceWith(user);
    }

    private static String host(String url) {
        return url.replaceFirst("^[a-z]+://", "").replaceFirst("[/:].*$", "");
    }

    private static ApiException invalid() {
        return new ApiException(401, "invalid_token", "the external token is not accepted");
    }
}
