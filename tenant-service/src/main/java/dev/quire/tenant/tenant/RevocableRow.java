package dev.quire.tenant.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/** A tenant's credential row (API key, refresh token): when it was issued ({@code created_at}) and revoked. */
@MappedSuperclass
public abstract class RevocableRow extends TenantRow {
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** Null while the credential is valid. */
    @Column(name = "revoked_at")
    public Instant revokedAt;
}
