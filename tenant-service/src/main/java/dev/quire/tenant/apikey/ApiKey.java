package dev.quire.tenant.apikey;

import dev.quire.tenant.tenant.RevocableRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An API key of a tenant (Hibernate Reactive entity over {@code api_keys}); only the SHA-256 of its secret is stored.
 * {@code kbIds} null means every knowledge base. Row-level security hides other tenants' keys (V6).
 */
@Entity
@Table(name = "api_keys")
public class ApiKey extends RevocableRow {
    /** The creator; null once that user is deleted (the key is then refused). */
    @Column(name = "user_id")
    public UUID userId;

    public String name;

    /** The first characters of the secret, to recognise a key in a list. */
    public String prefix;

    @Column(name = "secret_hash", nullable = false, updatable = false)
    public String secretHash;

    @Column(columnDefinition = "text[]")
    public String[] scopes;

    @Column(name = "kb_ids", columnDefinition = "uuid[]")
    public UUID[] kbIds;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    public List<String> scopeList() {
        return scopes == null ? List.of() : List.of(scopes);
    }

    /** The knowledge bases the key is limited to, as strings; null when it may use every one. */
    public List<String> kbIdList() {
        return kbIds == null ? null : Arrays.stream(kbIds).map(UUID::toString).toList();
    }
}
