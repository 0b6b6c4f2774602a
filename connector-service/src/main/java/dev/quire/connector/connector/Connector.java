package dev.quire.connector.connector;

import dev.quire.connector.crypto.CredentialCipher;
import dev.quire.connector.sync.SyncJob;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A connector of a tenant (Hibernate Reactive entity over {@code connectors}): its source type and configuration, its
 * credentials sealed with AES-GCM (never held as text here), schedule and pause. Row-level security hides other
 * tenants' connectors. An update writes only the columns it changed, so it never overwrites what the run machinery
 * (the failure count) or the KEK rotation (the sealed credentials) wrote meanwhile.
 */
@Entity
@Table(name = "connectors")
@DynamicUpdate
public class Connector {
    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public UUID tenantId;

    @Column(nullable = false, updatable = false)
    public String type;

    @Column(nullable = false)
    public String name;

    @Column(name = "knowledge_base_id", nullable = false, updatable = false)
    public UUID knowledgeBaseId;

    /**
     * The type's configuration as JSON text in a jsonb column: PostgreSQL casts it, no mapper in between. The value
     * goes in as text first: a parameter typed jsonb would take the Java string as a JSON string value.
     */
    @ColumnTransformer(read = "config::text", write = "?::text::jsonb")
    @Column(nullable = false)
    public String config;

    /** The sealed credentials (nonce + AES-GCM ciphertext); null when none are stored. */
    @Column(name = "credentials_encrypted")
    public byte[] credentialsEncrypted;

    /** The version of the key-encryption key that sealed them. */
    @Column(name = "credentials_key_version")
    public Integer credentialsKeyVersion;

    /** Minutes between scheduled syncs; null: only on demand. */
    @Column(name = "interval_minutes")
    public Integer intervalMinutes;

    public boolean paused;

    /** Failed runs in a row: written only by the run machinery's own SQL (a run's end), read here. */
    @Column(name = "consecutive_failures", insertable = false, updatable = false)
    public int consecutiveFailures;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The sealed credentials and their key version; null when none are stored. */
    public CredentialCipher.Sealed credentials() {
        return credentialsEncrypted == null
                ? null
                : new CredentialCipher.Sealed(
                        credentialsEncrypted, credentialsKeyVersion == null ? 0 : credentialsKeyVersion);
    }

    /** Stores sealed credentials; {@code null} stores none (a type that needs none, or credentials removed). */
    public void seal(CredentialCipher.Sealed sealed) {
        credentialsEncrypted = sealed == null ? null : sealed.bytes();
        credentialsKeyVersion = sealed == null ? null : sealed.keyVersion();
    }

    /** Flagged for its admins after too many failed runs in a row (its schedule has stopped). */
    public boolean flagged() {
        return consecutiveFailures >= SyncJob.FLAG_AFTER_FAILURES;
    }

    /** PostgreSQL keeps microseconds: a time the API shows must be the one a later read gives back. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
