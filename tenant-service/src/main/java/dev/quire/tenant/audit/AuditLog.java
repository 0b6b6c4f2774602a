package dev.quire.tenant.audit;

import dev.quire.contracts.Topics;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.platform.events.EventPublisher;
import dev.quire.platform.events.ReactiveOutbox;
import dev.quire.tenant.usage.LedgerStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Records tenant-service's own actions: one row in {@code audit_events} on the action's transaction, and the same
 * event on {@code audit.recorded} through the outbox (the consumer sees the event id and stores nothing twice).
 */
@ApplicationScoped
@RequiredArgsConstructor
public class AuditLog {
    /** Who acted and from where. */
    public record Who(UUID userId, UUID apiKeyId, String ip) {
        public static Who user(UUID userId, String ip) {
            return new Who(userId, null, ip);
        }
    }

    private final LedgerStore ledger;
    private final EventPublisher publisher;

    /**
     * Records on the caller's reactive transaction, which must already be scoped to {@code tenantId}
     * ({@code ReactiveTenantTx.inTenant}): the row and the outbox event commit with the action.
     */
    public Uni<Void> record(
            Mutiny.Session s,
            UUID tenantId,
            Who who,
            String action,
            String resourceType,
            Object resourceId,
            String outcome,
            Map<String, Object> detail) {
        var e = new AuditRecorded(
                UUID.randomUUID(),
                tenantId,
                Instant.now(),
                new AuditRecorded.Actor(who == null ? null : who.userId(), who == null ? null : who.apiKeyId()),
                action,
                resourceType,
                resourceId == null ? null : resourceId.toString(),
                outcome,
                who == null ? null : who.ip(),
                detail);
        var insert = s.createNativeQuery(LedgerStore.AUDIT_INSERT);
        Object[] values = ledger.auditValues(e);
        for (int i = 0; i < values.length; i++) {
            insert.setParameter(i + 1, values[i]);
        }
        return insert.executeUpdate()
                .chain(() -> ReactiveOutbox.add(s, publisher, Topics.AUDIT_RECORDED, tenantId.toString(), e));
    }

    /**
     * Records a user's failed attempt on their own account (a sign-in, a password change) in a tenant transaction of
     * its own, which changes nothing else, waiting for it: its callers are blocking flows that refuse afterwards.
     */
    public void recordUserFailureNow(UUID tenantId, UUID userId, String ip, String action, Map<String, Object> detail) {
        ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(
                tenantId, s -> record(s, tenantId, Who.user(userId, ip), action, "user", userId, "failure", detail)));
    }
}
