package dev.quire.tenant.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.contracts.events.RequestsCounted;
import dev.quire.contracts.events.UsageRecorded;
import dev.quire.platform.db.Db;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the usage ledger from {@code usage.recorded} and {@code usage.requests}, and the audit log from
 * {@code audit.recorded}; each event is applied once however often it is delivered.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class LedgerConsumers {
    private final ObjectMapper json;
    private final LedgerEvents events;
    private final Db db;
    private final LedgerStore ledger;
    private final UsageBreakdown breakdown;

    @Incoming("usage-recorded")
    @Blocking
    public void onUsage(String payload) throws Exception {
        var e = json.readValue(payload, UsageRecorded.class);
        LedgerEvents.require(e.eventId() != null && e.tenantId() != null, "usage.recorded without eventId or tenantId");
        events.once(e.tenantId(), e.eventId(), c -> {
            ledger.addUsage(
                    c,
                    e.tenantId(),
                    LedgerEvents.at(e.occurredAt()),
                    0,
                    Math.max(0, e.promptTokens()),
                    Math.max(0, e.completionTokens()));
            if (e.userId() != null) {
                breakdown.addAnswer(
                        c,
                        e.tenantId(),
                        e.userId(),
                        LedgerEvents.at(e.occurredAt()),
                        Math.max(0, e.promptTokens()),
                        Math.max(0, e.completionTokens()));
            }
        });
    }

    @Incoming("usage-requests")
    @Blocking
    public void onRequests(String payload) throws Exception {
        var e = json.readValue(payload, RequestsCounted.class);
        LedgerEvents.require(e.eventId() != null && e.tenantId() != null, "usage.requests without eventId or tenantId");
        events.once(
                e.tenantId(),
                e.eventId(),
                c -> ledger.addUsage(
                        c, e.tenantId(), LedgerEvents.at(e.occurredAt()), Math.max(0, e.requests()), 0, 0));
    }

    @Incoming("audit-recorded")
    @Blocking
    public void onAudit(String payload) throws Exception {
        var e = json.readValue(payload, AuditRecorded.class);
        LedgerEvents.require(
                e.eventId() != null && e.tenantId() != null && e.action() != null,
                "audit.recorded without eventId, tenantId or action");
        db.tx(c -> {
            ledger.addAudit(c, e);
            return null;
        });
    }
}
