package dev.quire.tenant.auth;

import dev.quire.platform.db.Db;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.tenant.TenantStore;
import dev.quire.tenant.user.UserStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Creates the platform operator at start-up, once: a {@code platform-admin} user in an operator tenant of its own.
 * An existing operator account takes the configured password whenever it differs (the secret is the source of
 * truth), so an upgraded installation is not left open with a password earlier versions published.
 */
@ApplicationScoped
public class PlatformAdminBootstrap {
    private static final Logger LOG = Logger.getLogger(PlatformAdminBootstrap.class);

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
                // the operator's password is the configured secret: rotated by changing it, and an installation
                // that still had an earlier published default takes the generated one
                if (!hasher.matches(config.platformAdmin().password(), user.passwordHash())) {
                    users.setPassword(
                            c, user.id(), hasher.hash(config.platformAdmin().password()));
                    LOG.infof("%s now has the configured password", email);
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
