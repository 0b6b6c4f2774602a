package dev.quire.tenant.auth;

import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.tenant.Plans;
import dev.quire.tenant.tenant.TenantService;
import dev.quire.tenant.tenant.Tenants;
import dev.quire.tenant.user.User;
import dev.quire.tenant.user.Users;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Creates the platform operator at start-up, once: a {@code platform-admin} user in an operator tenant of its own.
 * An existing operator account takes the configured password whenever it differs (the secret is the source of
 * truth), so an upgraded installation is not left open with a password earlier versions published.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class PlatformAdminBootstrap {
    private static final Logger LOG = Logger.getLogger(PlatformAdminBootstrap.class);

    /** One replica creates the operator at a time (a count, so the result has a type the reactive client reads). */
    private static final String LOCK = "select count(*) from (select pg_advisory_xact_lock(7402)) l";

    private final Tenants tenants;
    private final Plans plans;
    private final Users users;
    private final PasswordHasher hasher;
    private final TenantConfig config;

    void onStart(@Observes StartupEvent ev) {
        String email = AuthService.normalise(config.platformAdmin().email());
        String password = config.platformAdmin().password();
        // the operator's account: anyone may have signed up elsewhere with the same email (unique per tenant); these
        // transactions see only the accounts of the operator's address. Hashes are computed here on the start-up
        // thread, between them, never on a transaction's event loop.
        User existing = ReactiveTenantTx.await(() -> ReactiveTenantTx.withSetting(
                Users.EMAIL_SETTING, email, s -> users.byEmailAndRole(email, Roles.PLATFORM_ADMIN)));
        if (existing != null) {
            // the operator's password is the configured secret: rotated by changing it, and an installation that
            // still had an earlier published default takes the generated one
            if (!hasher.matches(password, existing.passwordHash)) {
                String hash = hasher.hash(password);
                UUID tenantId = existing.tenantId();
                ReactiveTenantTx.await(
                        () -> ReactiveTenantTx.inTenant(tenantId, s -> users.setPassword(tenantId, existing.id, hash)));
                LOG.infof("%s now has the configured password", email);
            }
            return;
        }
        String hash = hasher.hash(password);
        ReactiveTenantTx.await(
                () -> ReactiveTenantTx.withSetting(Users.EMAIL_SETTING, email, s -> s.createNativeQuery(LOCK)
                        .getSingleResult()
                        // another replica may have created it meanwhile
                        .chain(() -> users.byEmailAndRole(email, Roles.PLATFORM_ADMIN))
                        .chain(again -> again != null ? Uni.createFrom().item(again) : create(s, email, hash))));
    }

    private Uni<User> create(Mutiny.Session s, String email, String hash) {
        UUID tenantId = UUID.randomUUID();
        return plans.findById("enterprise").chain(plan -> {
            var tenant =
                    TenantService.newTenant(tenantId, config.platformAdmin().tenantName(), plan);
            var user = Users.of(tenant, email, hash, Roles.PLATFORM_ADMIN);
            return ReactiveTenantTx.setTenant(s, tenantId)
                    .chain(() -> tenants.persist(tenant))
                    .chain(() -> users.persist(user))
                    .invoke(() -> LOG.infof("created platform admin %s", email));
        });
    }
}
