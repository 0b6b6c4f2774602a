package dev.quire.tenant.usage;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Reads what the consumers and the audit log wrote, each in a transaction walled to the tenant. */
@ApplicationScoped
@RequiredArgsConstructor
public class Ledger {
    private final Db db;
    private final LedgerStore store;

    public List<LedgerStore.UsageRow> usage(
            UUID tenantId, Instant from, Instant to, String granularity, Instant after, int limit) {
        return db.inTenant(tenantId, c -> store.usage(c, tenantId, from, to, granularity, after, limit));
    }

    public LedgerStore.UsageRow totals(UUID tenantId, Instant from, Instant to) {
        return db.inTenant(tenantId, c -> store.totals(c, tenantId, from, to));
    }

    /** Usage since midnight UTC. */
    public LedgerStore.UsageRow today(UUID tenantId) {
        Instant midnight =
                LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        return totals(tenantId, midnight, midnight.plusSeconds(86_400));
    }

    public List<LedgerStore.AuditRow> audit(
            UUID tenantId, Instant from, Instant to, String action, Instant beforeTime, UUID beforeId, int limit) {
        return db.inTenant(tenantId, c -> store.audit(c, tenantId, from, to, action, beforeTime, beforeId, limit));
    }

    /** The distinct actions in the tenant's audit log, sorted. */
    public List<String> auditActions(UUID tenantId) {
        return db.inTenant(tenantId, c -> store.auditActions(c, tenantId));
    }
}
