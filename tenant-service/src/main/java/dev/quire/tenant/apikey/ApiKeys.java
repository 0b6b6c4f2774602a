package dev.quire.tenant.apikey;

import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.api.KeysetQuery;
import dev.quire.tenant.api.Timestamps;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The API keys' queries. Each one filters by tenant itself and runs inside a {@link ReactiveTenantTx} transaction,
 * whose row-level security is the second wall; the lookup by secret hash, which comes before any tenant is known, sees
 * only the key whose hash it presents ({@link #HASH_SETTING}).
 */
@ApplicationScoped
public class ApiKeys implements PanacheRepositoryBase<ApiKey, UUID> {
    /** The transaction setting that the {@code api_keys} policy lets see the one key with this secret hash. */
    public static final String HASH_SETTING = "app.api_key_hash";

    /** A key of this tenant; another tenant's key is null. */
    public Uni<ApiKey> inTenant(UUID tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** Keys of a tenant (of one user when {@code userId} is given), oldest first after the (time, id) cursor. */
    public Uni<List<ApiKey>> page(UUID tenantId, UUID userId, Instant afterTime, UUID afterId, int limit) {
        return KeysetQuery.rows()
                .where("tenantId", tenantId)
                .where("userId", userId)
                .after(afterTime, afterId)
                .list(this, limit);
    }

    /** The key with this secret hash, in a transaction of its own that may see only that key. */
    public Uni<ApiKey> bySecretHash(String hash) {
        return ReactiveTenantTx.withSetting(
                HASH_SETTING, hash, s -> find("secretHash", hash).firstResult());
    }

    /** Revokes a live key; false when it was already revoked or is not this tenant's. */
    public Uni<Boolean> revoke(UUID tenantId, UUID id) {
        return update(
                        "revokedAt = ?1 where tenantId = ?2 and id = ?3 and revokedAt is null",
                        Timestamps.now(),
                        tenantId,
                        id)
                .map(n -> n == 1);
    }

    /** Notes a use; writes at most once per ten seconds per key. */
    public Uni<Integer> touch(UUID tenantId, UUID id) {
        Instant now = Timestamps.now();
        return update(
                "lastUsedAt = ?1 where tenantId = ?2 and id = ?3 and (lastUsedAt is null or lastUsedAt < ?4)",
                now,
                tenantId,
                id,
                now.minusSeconds(10));
    }

    /** A user's live keys, to revoke one by one on the user's deletion. */
    public Uni<List<ApiKey>> liveOf(UUID tenantId, UUID userId) {
        return list("tenantId = ?1 and userId = ?2 and revokedAt is null", tenantId, userId);
    }
}
