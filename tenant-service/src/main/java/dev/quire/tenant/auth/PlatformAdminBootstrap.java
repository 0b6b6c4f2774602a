package dev.quire.tenant.auth;

import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.store.Db;
import dev.quire.tenant.store.TenantStore;
import dev.quire.tenant.store.UserStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Creates the platform operator at start-up, once: a {@code platform-admin} user in an operator tenant of its own.
 * An existing account of that email keeps its password, unless that password is one earlier versions shipped as
 * a default: then it takes the configured one, so an upgraded installation is not left open with a published login.
 */
@ApplicationScoped
public class PlatformAdminBootstrap {
    private static final Logger LOG = Logger.getLogger(PlatformAdminBootstrap.class);
    /** The operator password versions before 2026-12 created when none was configured. */
    static final String PUBLISHED_DEFAULT = "operator-password-change-me";

    private final Db db;
    private final TenantStore tenants;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final TenantConfig config;

    public PlatformAdminBootstrap(
            Db db, TenantStore tenants, UserStore users, PasswordHasher hasher, TenantConfig config) {
        this.db = db;
        this.tenants = tenants;
        this.users = users;
        this.hasher = hasher;
        this.config = config;
    }

    void onStart(@Observes StartupEvent ev) {
        String email = AuthService.normalise(config.platformAdmin().email());
        db.tx(c -> {
            Db.one(c, "select pg_advisory_xact_lock(7402)", rs -> 1);
            // the operator's account: anyone may have signed up elsewhere with the same email (unique per tenant)
            var existing = users.byEmailAndRole(c, email, Roles.PLATFORM_ADMIN);
            if (existing.isPresent()) {
                var user = existing.get();
                if (!Roles.PLATFORM_ADMIN.equals(user.role())) {
                    LOG.warnf("%s exists but is not a platform-admin; not changed", email);
                } else if (hasher.matches(PUBLISHED_DEFAULT, user.passwordHash())) {
                    users.setPassword(
                            c, user.id(), hasher.hash(config.platformAdmin().password()));
                    LOG.warnf("%s had the published default password; it now has the configured one", email);
                }
                return null;
            }
            UUID tenantId = UUID.randomUUID();
            tenants.create(c, tenantId, config.platformAdmin().tenantName(), "enterprise");
            users.insert(
                    c,
                    UUID.randomUUID(),
                    tenantId,
                    email,
                    hasher.hash(config.platformAdmin().password()),
                    Roles.PLATFORM_ADMIN,
                    null,
                    null);
            LOG.infof("created platform admin %s", email);
            return null;
        });
    }
}
