package dev.quire.tenant.user;

import dev.quire.tenant.tenant.Tenant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A user of a tenant (Hibernate Reactive entity over {@code users}), with its tenant loaded for what sign-in needs of
 * it (plan, status). {@code passwordHash} is null until an invitation is accepted, and for OIDC users. Row-level
 * security hides other tenants' users (V8).
 */
@Entity
@Table(name = "users")
public class User {
    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "tenant_id", nullable = false, updatable = false)
    public Tenant tenant;

    /** Normalised (lower case); unique per tenant only. */
    public String email;

    @Column(name = "password_hash")
    public String passwordHash;

    public String role;

    /** SHA-256 of a pending invitation's token. */
    @Column(name = "invitation_hash")
    public String invitationHash;

    @Column(name = "invitation_expires_at")
    public Instant invitationExpiresAt;

    /** The external OIDC issuer and subject ({@code issuer|subject}) the user signs in with, if any. */
    @Column(name = "external_subject")
    public String externalSubject;

    /** User tokens issued before this instant are refused (a sign-out or a password change); null for none. */
    @Column(name = "tokens_valid_after")
    public Instant tokensValidAfter;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public UUID tenantId() {
        return tenant.id;
    }

    public String plan() {
        return tenant.planId();
    }

    public String tenantStatus() {
        return tenant.status;
    }

    public boolean invited() {
        return invitationHash != null;
    }
}
