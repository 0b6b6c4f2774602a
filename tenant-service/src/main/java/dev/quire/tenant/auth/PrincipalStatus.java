package dev.quire.tenant.auth;

import dev.quire.platform.db.Db;
import dev.quire.tenant.user.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether a token's user (and API key) may still act, and with which role and scopes now: the gateway asks this
 * every few seconds and hands the services a short-lived token of the answer, so a deleted user, a demotion or a
 * revoked key applies everywhere within seconds instead of when the caller's token expires.
 */
@ApplicationScoped
public class PrincipalStatus {
    /** The current role of a live user of an active tenant; for an API key, the scopes it still has. */
    public record Current(String role, List<String> scopes) {}

    private final Db db;
    private final UserStore users;
    private final CredentialStore credentials;

    public PrincipalStatus(Db db, UserStore users, CredentialStore credentials) {
        this.db = db;
        this.users = users;
        this.credentials = credentials;
    }

    /** Empty when the user is gone, the tenant is not active, or the key is unknown, revoked or someone else's. */
    public Optional<Current> of(UUID tenantId, UUID userId, UUID apiKeyId) {
        return db.tx(c -> {
            var user = users.inTenant(c, tenantId, userId).orElse(null);
            if (user == null || !"active".equals(user.tenantStatus())) {
                return Optional.empty();
            }
            if (apiKeyId == null) {
                return Optional.of(new Current(user.role(), null));
            }
            var key = credentials.key(c, tenantId, apiKeyId).orElse(null);
            if (key == null || key.revokedAt() != null || !userId.equals(key.userId())) {
                return Optional.empty();
            }
            // as at the exchange: a key never exceeds its creator's current role
            var scopes = new ArrayList<>(key.scopes());
            scopes.retainAll(Roles.scopesOf(user.role()));
            return Optional.of(new Current(user.role(), List.copyOf(scopes)));
        });
    }
}
