package dev.quire.tenant.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Tenants, their limit overrides and data-export requests in the {@code tenant} schema (plans: {@link Plans}). */
@ApplicationScoped
public class TenantStore {
    /** A tenant with its effective limits (plan limits overlaid with its overrides). */
    public record TenantRow(
            UUID id,
            String name,
            String plan,
            String status,
            Map<String, Object> limits,
            Map<String, Object> limitOverrides,
            Instant createdAt) {}

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String TENANT_SELECT = "select t.id, t.name, t.plan, t.status, t.created_at,"
            + " (p.limits || t.limit_overrides)::text as limits, t.limit_overrides::text as overrides"
            + " from tenants t join plans p on p.id = t.plan";

    private final ObjectMapper json;

    public TenantStore(ObjectMapper json) {
        this.json = json;
    }

    public void create(Connection c, UUID id, String name, String plan) throws SQLException {
        Db.update(c, "insert into tenants(id, name, plan) values (?, ?, ?)", id, name, plan);
    }

    public Optional<TenantRow> find(Connection c, UUID id) throws SQLException {
        return Db.one(c, TENANT_SELECT + " where t.id = ?", this::row, id);
    }

    /** Locks the tenant's row for the rest of the transaction. */
    public Optional<TenantRow> lock(Connection c, UUID id) throws SQLException {
        return Db.one(c, TENANT_SELECT + " where t.id = ? for update of t", this::row, id);
    }

    /** Tenants oldest first, after the (createdAt, id) cursor when given. */
    public List<TenantRow> list(Connection c, String status, Instant afterTime, UUID afterId, int limit)
            throws SQLException {
        return Db.list(
                c,
                TENANT_SELECT + " where (?::text is null or t.status = ?::text)"
                        + " and (?::timestamptz is null or (t.created_at, t.id) > (?::timestamptz, ?::uuid))"
                        + " order by t.created_at, t.id limit ?",
                this::row,
                status,
                status,
                afterTime,
                afterTime,
                afterId,
                limit);
    }

    public void setStatus(Connection c, UUID id, String status) throws SQLException {
        Db.update(c, "update tenants set status = ?, updated_at = now() where id = ?", status, id);
    }

    public void setPlan(Connection c, UUID id, String plan) throws SQLException {
        Db.update(c, "update tenants set plan = ?, updated_at = now() where id = ?", plan, id);
    }

    public void setName(Connection c, UUID id, String name) throws SQLException {
        Db.update(c, "update tenants set name = ?, updated_at = now() where id = ?", name, id);
    }

    public void setOverrides(Connection c, UUID id, Map<String, Object> overrides) throws SQLException {
        Db.update(
                c,
                "update tenants set limit_overrides = ?::jsonb, updated_at = now() where id = ?",
                write(overrides),
                id);
    }

    public void addExportRequest(Connection c, UUID id, UUID tenantId, UUID requestedBy) throws SQLException {
        Db.update(
                c,
                "insert into data_export_requests(id, tenant_id, requested_by) values (?, ?, ?)",
                id,
                tenantId,
                requestedBy);
    }

    public long exportRequests(Connection c, UUID tenantId) throws SQLException {
        return Db.one(c, "select count(*) from data_export_requests where tenant_id = ?", rs -> rs.getLong(1), tenantId)
                .orElse(0L);
    }

    private TenantRow row(ResultSet rs) throws SQLException {
        return new TenantRow(
                Db.uuid(rs, "id"),
                rs.getString("name"),
                rs.getString("plan"),
                rs.getString("status"),
                map(rs.getString("limits")),
                map(rs.getString("overrides")),
                Db.instant(rs, "created_at"));
    }

    private Map<String, Object> map(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
