package dev.quire.tenant.auth;

import dev.quire.tenant.api.Timestamps;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;

/**
 * The refresh tokens' queries (Hibernate Reactive). A token is presented before its tenant is known, and only its
 * hash finds it, so the table has no row-level security; it holds hashes, never secrets.
 */
@ApplicationScoped
public class RefreshTokens implements PanacheRepositoryBase<RefreshToken, UUID> {
    /** The token with this hash, locked for the rest of the transaction (a token is spent once). */
    public Uni<RefreshToken> byHashForUpdate(String hash) {
        return find("tokenHash", hash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Adds a token of a family (a new family when {@code familyId} is null). */
    public Uni<RefreshToken> add(UUID familyId, UUID userId, UUID tenantId, String hash, Instant expiresAt) {
        var t = new RefreshToken();
        t.id = UUID.randomUUID();
        t.familyId = familyId == null ? UUID.randomUUID() : familyId;
        t.userId = userId;
        t.tenantId = tenantId;
        t.tokenHash = hash;
        t.expiresAt = expiresAt;
        t.createdAt = Timestamps.now();
        return persist(t);
    }

    public Uni<Integer> revokeFamily(UUID familyId) {
        return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", Timestamps.now(), familyId);
    }

    public Uni<Integer> revokeAllOf(UUID userId) {
        return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", Timestamps.now(), userId);
    }
}
