package dev.quire.tenant.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A request to export a deleted tenant's data (Hibernate Reactive entity over {@code data_export_requests}). */
@Entity
@Table(name = "data_export_requests")
public class DataExportRequest extends TenantRow {
    @Column(name = "requested_by")
    public UUID requestedBy;

    public String status;

    @Column(name = "requested_at", nullable = false, updatable = false)
    public Instant requestedAt;
}
