package dev.quire.tenant.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * The usage ledger (per tenant per hour) and the audit log; both idempotent by event id. One class because both are
 * append-only ledgers written on the caller's connection, so a consumer's {@code processed_events} mark and the write
 * it guards (or an audit row and the change it records) commit in one transaction, and both are read back by tenant
 * and time for the usage and audit APIs.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class LedgerStore {
    /**
     * Usage of one period: what was spent and added in it, and what was stored at its end ({@code documentsStored},
     * {@code storageBytes}: every change up to then, not only the period's).
     */
    public record UsageRow(
            Instant periodStart,
            long requests,
            long promptTokens,
            long completionTokens,
            long documentsAdded,
            long documentsDeleted,
            long documentsStored,
            long storageBytes) {
        static UsageRow of(ResultSet rs, Instant periodStart) throws SQLException {
            return new UsageRow(
                    periodStart,
                    rs.getLong("r"),
                    rs.getLong("pt"),
                    rs.getLong("ct"),
                    rs.getLong("da"),
                    rs.getLong("dd"),
                    rs.getLong("ds"),
                    rs.getLong("sb"));
        }
    }

    /** One audit event as stored, with the acting user's email while that user exists in the tenant. */
    public record AuditRow(
            UUID id,
            Instant occurredAt,
            UUID userId,
            UUID apiKeyId,
            String actorEmail,
            String action,
            String resourceType,
            String resourceId,
            String outcome,
            String ip,
            Map<String, Object> detail) {}

    private final ObjectMapper json;

    /** Marks an event processed; false when it was already (the caller then skips its work). */
    public boolean firstSight(Connection c, UUID eventId) throws SQLException {
        return Db.update(c, "insert into processed_events(event_id) values (?) on conflict do nothing", eventId) == 1;
    }

    /** Adds to the hour bucket of {@code at}; the transaction must be scoped to the tenant. */
    public void addUsage(Connection c, UUID tenantId, Instant at, long requests, long prompt, long completion)
            throws SQLException {
        Db.update(
                c,
                "insert into usage_hourly(tenant_id, period_start, requests, prompt_tokens, completion_tokens)"
                        + " values (?, ?, ?, ?, ?) on conflict (tenant_id, period_start) do update set"
                        + " requests = usage_hourly.requests + excluded.requests,"
                        + " prompt_tokens = usage_hourly.prompt_tokens + excluded.prompt_tokens,"
                        + " completion_tokens = usage_hourly.completion_tokens + excluded.completion_tokens",
                tenantId,
                at.truncatedTo(ChronoUnit.HOURS),
                requests,
                prompt,
                completion);
    }

    /** Adds documents and stored bytes (negative when deleted) to the hour bucket of {@code at}. */
    public void addDocuments(Connection c, UUID tenantId, Instant at, long added, long deleted, long bytes)
            throws SQLException {
        Db.update(
                c,
                "insert into usage_hourly(tenant_id, period_start, documents_added, documents_deleted, bytes_delta)"
                        + " values (?, ?, ?, ?, ?) on conflict (tenant_id, period_start) do update set"
                        + " documents_added = usage_hourly.documents_added + excluded.documents_added,"
                        + " documents_deleted = usage_hourly.documents_deleted + excluded.documents_deleted,"
                        + " bytes_delta = usage_hourly.bytes_delta + excluded.bytes_delta",
                tenantId,
                at.truncatedTo(ChronoUnit.HOURS),
                added,
                deleted,
                bytes);
    }

    /**
     * Usage per hour or day in [from, to), oldest first, starting after {@code after} when given. The stored figures
     * are running sums over the tenant's whole ledger up to each period, so the hours before {@code from} are read
     * too (one row per active hour).
     */
    public List<UsageRow> usage(
            Connection c, UUID tenantId, Instant from, Instant to, String granularity, Instant after, int limit)
            throws SQLException {
        String unit = "day".equals(granularity) ? "day" : "hour";
        return Db.list(
                c,
                "with h as (select date_trunc('" + unit + "', period_start, 'UTC') p, period_start >= ? in_range, *"
                        + " from usage_hourly where tenant_id = ? and period_start < ?),"
                        + " g as (select p, bool_or(in_range) any_in,"
                        + " coalesce(sum(requests) filter (where in_range), 0) r,"
                        + " coalesce(sum(prompt_tokens) filter (where in_range), 0) pt,"
                        + " coalesce(sum(completion_tokens) filter (where in_range), 0) ct,"
                        + " coalesce(sum(documents_added) filter (where in_range), 0) da,"
                        + " coalesce(sum(documents_deleted) filter (where in_range), 0) dd,"
                        + " sum(documents_added - documents_deleted) dn, sum(bytes_delta) bd from h group by p),"
                        + " w as (select *, sum(dn) over (order by p) ds, sum(bd) over (order by p) sb from g)"
                        + " select * from w where any_in and (?::timestamptz is null or p > ?::timestamptz)"
                        + " order by p limit ?",
                rs -> UsageRow.of(rs, Db.instant(rs, "p")),
                from,
                tenantId,
                to,
                after,
                after,
                limit);
    }

    /** Totals in [from, to), and what was stored at {@code to}. */
    public UsageRow totals(Connection c, UUID tenantId, Instant from, Instant to) throws SQLException {
        return Db.one(
                        c,
                        "select coalesce(sum(requests) filter (where in_range), 0) r,"
                                + " coalesce(sum(prompt_tokens) filter (where in_range), 0) pt,"
                                + " coalesce(sum(completion_tokens) filter (where in_range), 0) ct,"
                                + " coalesce(sum(documents_added) filter (where in_range), 0) da,"
                                + " coalesce(sum(documents_deleted) filter (where in_range), 0) dd,"
                                + " coalesce(sum(documents_added - documents_deleted), 0) ds,"
                                + " coalesce(sum(bytes_delta), 0) sb from (select *, period_start >= ? in_range"
                                + " from usage_hourly where tenant_id = ? and period_start < ?) h",
                        rs -> UsageRow.of(rs, from),
                        from,
                        tenantId,
                        to)
                .orElseThrow();
    }

    /** Stores an audit event once; the transaction is pointed at the event's tenant first. */
    public void addAudit(Connection c, AuditRecorded e) throws SQLException {
        Db.setTenant(c, e.tenantId());
        Db.update(c, AUDIT_INSERT, auditValues(e));
    }

    /**
     * The insert of one audit event, with JDBC-style parameters that both a JDBC statement (the consumer of other
     * services' audit events) and a Hibernate Reactive native query bind (tenant-service's own actions, {@code AuditLog}).
     */
    public static final String AUDIT_INSERT =
            "insert into audit_events(event_id, tenant_id, occurred_at, actor_user_id, actor_api_key_id, action,"
                    + " resource_type, resource_id, outcome, ip, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " cast(cast(? as text) as jsonb)) on conflict (event_id) do nothing";

    /** The values of {@link #AUDIT_INSERT}, in order. */
    public Object[] auditValues(AuditRecorded e) {
        return new Object[] {
            e.eventId(),
            e.tenantId(),
            OffsetDateTime.ofInstant(e.occurredAt() == null ? Instant.now() : e.occurredAt(), ZoneOffset.UTC),
            e.actor() == null ? null : e.actor().userId(),
            e.actor() == null ? null : e.actor().apiKeyId(),
            e.action(),
            e.resourceType(),
            e.resourceId(),
            e.outcome() == null ? "unknown" : e.outcome(),
            e.ip(),
            e.detail() == null ? null : write(e.detail())
        };
    }

    /** Audit events of a tenant, newest first, before the (time, id) cursor when given. */
    @SuppressWarnings("unchecked")
    public List<AuditRow> audit(
            Connection c,
            UUID tenantId,
            Instant from,
            Instant to,
            String action,
            Instant beforeTime,
            UUID beforeId,
            int limit)
            throws SQLException {
        var sql = new StringBuilder("select a.*, u.email as actor_email from audit_events a"
                + " left join users u on u.id = a.actor_user_id and u.tenant_id = a.tenant_id"
                + " where a.tenant_id = ?");
        var args = new ArrayList<Object>(List.of(tenantId));
        if (from != null) {
            sql.append(" and a.occurred_at >= ?");
            args.add(from);
        }
        if (to != null) {
            sql.append(" and a.occurred_at < ?");
            args.add(to);
        }
        if (action != null && !action.isBlank()) {
            sql.append(" and a.action = ?");
            args.add(action);
        }
        if (beforeTime != null) {
            sql.append(" and (a.occurred_at, a.event_id) < (?, ?)");
            args.add(beforeTime);
            args.add(beforeId);
        }
        sql.append(" order by a.occurred_at desc, a.event_id desc limit ?");
        args.add(limit);
        return Db.list(
                c,
                sql.toString(),
                rs -> {
                    String d = rs.getString("detail");
                    Map<String, Object> detail;
                    try {
                        Object read = d == null ? null : json.readValue(d, Object.class);
                        // rows tenant-service wrote itself before the insert cast its text: a JSON string holding
                        // the object (the reactive client bound the text as a jsonb string)
                        if (read instanceof String text) {
                            read = json.readValue(text, Object.class);
                        }
                        detail = read == null ? null : read instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                    } catch (JsonProcessingException ex) {
                        detail = Map.of();
                    }
                    return new AuditRow(
                            Db.uuid(rs, "event_id"),
                            Db.instant(rs, "occurred_at"),
                            Db.uuid(rs, "actor_user_id"),
                            Db.uuid(rs, "actor_api_key_id"),
                            rs.getString("actor_email"),
                            rs.getString("action"),
                            rs.getString("resource_type"),
                            rs.getString("resource_id"),
                            rs.getString("outcome"),
                            rs.getString("ip"),
                            detail);
                },
                args.toArray());
    }

    /** The distinct actions recorded for a tenant, sorted. */
    public List<String> auditActions(Connection c, UUID tenantId) throws SQLException {
        return Db.list(
                c,
                "select distinct action from audit_events where tenant_id = ? order by action",
                rs -> rs.getString("action"),
                tenantId);
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
