package dev.quire.tenant.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.util.UUID;

/** The id and owning tenant ({@code id}, {@code tenant_id}) that every tenant-owned table of this service has. */
@MappedSuperclass
public abstract class TenantRow {
    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public UUID tenantId;
}
