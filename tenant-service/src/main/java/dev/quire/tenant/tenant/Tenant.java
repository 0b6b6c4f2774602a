package dev.quire.tenant.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A tenant (Hibernate Reactive entity over {@code tenants}) with its plan. The table is the operator's catalogue of
 * tenants, not one tenant's data, so it has no row-level security; the tables of each tenant's data do.
 */
@Entity
@Table(name = "tenants")
public class Tenant {
    @Id
    public UUID id;

    public String name;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "plan", nullable = false)
    public Plan plan;

    /** active, suspended or deleted. */
    public String status;

    /** Limit name → value that replace the plan's for this tenant. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "limit_overrides", nullable = false)
    public Map<String, Object> limitOverrides;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public String planId() {
        return plan.id;
    }

    /** The effective limits: the plan's, overlaid with the tenant's overrides. */
    public Map<String, Object> limits() {
        Map<String, Object> limits = new LinkedHashMap<>(plan.limits);
        limits.putAll(limitOverrides);
        return limits;
    }

    public boolean active() {
        return "active".equals(status);
    }
}
