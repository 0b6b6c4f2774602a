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
 * An existing account of that email is left as it is (its password is not reset).
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
            var existing = users.byEmail(c, email);
            if (existing.isPresent()) {
                if (!Roles.PLATFORM_ADMIN.equals(existing.get().role())) {
                    LOG.warnf("%s exists but is not a platform-admin; not changed", email);
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
