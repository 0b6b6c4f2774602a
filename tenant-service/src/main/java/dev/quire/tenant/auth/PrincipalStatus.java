package dev.quire.tenant.auth;

import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.apikey.ApiKey;
import dev.quire.tenant.apikey.ApiKeys;
import dev.quire.tenant.user.User;
import dev.quire.tenant.user.Users;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * Whether a token's user (and API key) may still act, and with which role and scopes now: the gateway asks this
 * every few seconds and hands the services a short-lived token of the answer, so a deleted user, a demotion or a
 * revoked key applies everywhere within seconds instead of when the caller's token expires.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class PrincipalStatus {
    /**
     * The current role of a live user of an active tenant; for an API key, the scopes it still has. A user's own
     * token issued (iat, epoch seconds) before {@code tokensValidAfter} is ended (a sign-out, a password change).
     */
    public record Current(String role, List<String> scopes, Long tokensValidAfter) {}

    /** A user and key as one tenant transaction found them (either may be null). */
    record Found(User user, ApiKey key) {}

    private final Users users;
    private final ApiKeys keys;

    /** Empty when the user is gone, the tenant is not active, or the key is unknown, revoked or someone else's. */
    public Optional<Current> of(UUID tenantId, UUID userId, UUID apiKeyId) {
        var found = find(tenantId, userId, apiKeyId);
        var user = found.user();
        if (user == null || !user.tenant.active()) {
            return Optional.empty();
        }
        if (apiKeyId == null) {
            return Optional.of(new Current(
                    user.role, null, user.tokensValidAfter == null ? null : user.tokensValidAfter.getEpochSecond()));
        }
        var key = found.key();
        if (key == null || key.revokedAt != null || !userId.equals(key.userId)) {
            return Optional.empty();
        }
        // as at the exchange: a key never exceeds its creator's current role
        var scopes = new ArrayList<>(key.scopeList());
        scopes.retainAll(Roles.scopesOf(user.role));
        return Optional.of(new Current(user.role, List.copyOf(scopes), null));
    }

    /** The user and (when {@code apiKeyId} is not null and the user exists) the key, in one tenant transaction. */
    Found find(UUID tenantId, UUID userId, UUID apiKeyId) {
        return ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(tenantId, s -> users.inTenant(tenantId, userId)
                .chain(u -> apiKeyId == null || u == null
                        ? Uni.createFrom().item(new Found(u, null))
                        : keys.inTenant(tenantId, apiKeyId).map(k -> new Found(u, k)))));
    }
}
