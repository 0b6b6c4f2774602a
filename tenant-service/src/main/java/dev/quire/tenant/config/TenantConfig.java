package dev.quire.tenant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** tenant-service settings. */
@ConfigMapping(prefix = "quire.tenant")
public interface TenantConfig {
    /** The {@code iss} of every token this service signs. */
    String issuer();

    /** Lifetime of an access token in seconds. */
    @WithDefault("3600")
    int tokenTtlSeconds();

    /** Lifetime of an internal token (API-key and OIDC exchanges) in seconds; never more than 300. */
    @WithDefault("300")
    int internalTokenTtlSeconds();

    /** Lifetime of a refresh cookie in seconds. */
    @WithDefault("2592000")
    int refreshTtlSeconds();

    /** Lifetime of a user invitation in seconds. */
    @WithDefault("604800")
    int invitationTtlSeconds();

    /** How long a retired signing key stays in the JWKS; default twice the access-token lifetime. */
    Optional<Integer> signingKeyOverlapSeconds();

    /** PBKDF2 iterations for new password hashes. */
    @WithDefault("210000")
    int passwordIterations();

    /**
     * Browser origins besides the gateway's own that may use the refresh cookie (QUIRE_ALLOWED_ORIGINS, the same
     * list the gateway allows for CORS and the chat socket).
     */
    Optional<List<String>> allowedOrigins();

    /** Whether anyone may sign up (a SaaS operator may switch this off). */
    @WithDefault("true")
    boolean openSignup();

    /** Shared secret that {@code /internal/**} callers present in {@code X-Quire-Internal-Secret}. */
    String internalSecret();

    /** The operator account created at start-up. */
    PlatformAdmin platformAdmin();

    /** An optional external OIDC issuer whose tokens the exchange endpoint accepts. */
    Oidc oidc();

    /** The platform operator's bootstrap account. */
    interface PlatformAdmin {
        String email();

        String password();

        @WithDefault("Quire operator")
        String tenantName();
    }

    /** External OIDC issuer settings; all absent means OIDC exchange is off. */
    interface Oidc {
        Optional<String> issuer();

        Optional<String> jwksUrl();

        /** The claim carrying the Quire tenant id. */
        Optional<String> tenantClaim();

        /** Expected {@code aud}; absent means the audience is not checked. */
        Optional<String> audience();
    }

    default int overlapSeconds() {
        return signingKeyOverlapSeconds().orElse(2 * tokenTtlSeconds());
    }
}
