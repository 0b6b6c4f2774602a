package dev.quire.tenant.auth;

import dev.quire.tenant.tenant.RevocableRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A refresh token (Hibernate Reactive entity over {@code refresh_tokens}), stored only as the SHA-256 of its secret.
 * Each sign-in starts a family; each refresh spends one token and adds the next of its family.
 */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken extends RevocableRow {
    @Column(name = "family_id", nullable = false, updatable = false)
    public UUID familyId;

    @Column(name = "user_id", nullable = false, updatable = false)
    public UUID userId;

    @Column(name = "token_hash", nullable = false, updatable = false)
    public String tokenHash;

    @Column(name = "expires_at", nullable = false, updatable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
