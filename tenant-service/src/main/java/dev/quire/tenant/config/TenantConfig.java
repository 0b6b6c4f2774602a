package dev.quire.tenant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** tenant-service settings. */
@ConfigMapping(prefix = "quire.tenant")
public interface TenantConfig {
    /** The {@code iss} of every token this service signs. */
    String issuer();

    /** Lifetime of an access token in seconds. */
    @WithDefault("3600")
    int tokenTtlSeconds();

    /** PBKDF2 iterations for new password hashes. */
    @WithDefault("210000")
    int passwordIterations();

    /** Whether anyone may sign up (a SaaS operator may switch this off). */
    @WithDefault("true")
    boolean openSignup();
}
