package dev.quire.tenant.usage;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * What the ledger's consumers share: refusing an event that lacks what it must name, and applying one once per event
 * id, on the tenant's transaction that also records the event as seen.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class LedgerEvents {
    /** A change applied on the transaction that marks its event seen. */
    @FunctionalInterface
    public interface Change {
        void apply(Connection c) throws SQLException;
    }

    private final Db db;
    private final LedgerStore ledger;

    /** Refuses an event that lacks what it must name: the message says what is missing. */
    static void require(boolean complete, String refusal) {
        if (!complete) {
            throw new IllegalArgumentException(refusal);
        }
    }

    /** Applies the change in the tenant's transaction, unless an earlier delivery of the event already did. */
    public void once(UUID tenantId, UUID eventId, Change change) {
        db.inTenant(tenantId, c -> {
            if (ledger.firstSight(c, eventId)) {
                change.apply(c);
            }
            return null;
        });
    }

    /** When the event happened: its own time, or now for an event that carries none. */
    static Instant at(Instant occurredAt) {
        return occurredAt == null ? Instant.now() : occurredAt;
    }
}
