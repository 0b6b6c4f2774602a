package dev.quire.ingestion.work;

import dev.quire.platform.db.Db;
import dev.quire.platform.runtime.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * The durable ingestion queue in PostgreSQL. Enqueueing is idempotent on document and version; a claim takes the
 * oldest item of the tenant served least recently ({@code FOR UPDATE SKIP LOCKED}, so instances claim in parallel),
 * under a lease that its owner renews and that anyone may take over once it expires.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class WorkQueue {
    private static final String CLAIMABLE =
            "((w.state = 'ready' and w.not_before <= now()) or (w.state = 'leased' and w.lease_until < now()))";

    private final Db db;

    /**
     * Records a request with the current trace context (the worker continues it); false when this document version
     * was already queued (a re-delivery).
     */
    public boolean enqueue(UUID tenantId, UUID documentId, int version, String payload) {
        TraceContext trace = TraceContext.current();
        return db.inTenant(
                tenantId,
                c -> Db.update(
                                c,
                                "insert into ingest_work(document_id, version, tenant_id, payload, traceparent, tracestate)"
                                        + " values (?, ?, ?, ?, ?, ?) on conflict (document_id, version) do nothing",
                                documentId,
                                version,
                                tenantId,
                                payload,
                                trace.traceparent(),
                                trace.tracestate())
                        == 1);
    }

    /** Leases the next item fairly across tenants, or nothing when no item is due. */
    public Optional<WorkItem> claim(String owner, Duration lease) {
        return queue(c -> {
            Optional<WorkItem> item = Db.one(
                    c,
                    "update ingest_work set state = 'leased', lease_owner = ?,"
                            + " lease_until = now() + make_interval(secs => ?), attempts = attempts + 1,"
                            + " claim_seq = nextval('ingest_claim_seq')"
                            + " where (document_id, version) = (select w.document_id, w.version from ingest_work w"
                            + " left join ingest_turns t on t.tenant_id = w.tenant_id where " + CLAIMABLE
                            + " order by t.last_served nulls first, w.enqueued_at limit 1 for update of w skip locked)"
                            + " returning tenant_id, document_id, version, payload, attempts, traceparent, tracestate",
                    rs -> new WorkItem(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            rs.getInt(3),
                            rs.getString(4),
                            rs.getInt(5),
                            new TraceContext(rs.getString(6), rs.getString(7))),
                    owner,
                    lease.toMillis() / 1000.0);
            if (item.isEmpty()) {
                return item;
            }
            Db.update(
                    c,
                    "insert into ingest_turns(tenant_id, last_served)"
                            + " values (?, clock_timestamp()) on conflict (tenant_id)"
                            + " do update set last_served = excluded.last_served",
                    item.get().tenantId());
            return item;
        });
    }

    /** Extends the leases this owner still holds; returns how many. */
    public int renew(String owner, Duration lease) {
        return queue(c -> Db.update(
                c,
                "update ingest_work set lease_until = now() + make_interval(secs => ?)"
                        + " where state = 'leased' and lease_owner = ?",
                lease.toMillis() / 1000.0,
                owner));
    }

    /** Marks an item finished, if this owner still holds it (a taken-over lease belongs to the new owner). */
    public boolean done(WorkItem item, String owner) {
        return finish(item, owner, "done", null);
    }

    /** Marks an item dead (retries spent) with its reason. */
    public boolean dead(WorkItem item, String owner, String reason) {
        return finish(item, owner, "dead", reason);
    }

    /** Puts an item back to be tried again after {@code backoff}. */
    public boolean retryLater(WorkItem item, String owner, Duration backoff, String reason) {
        return queue(c -> Db.update(
                        c,
                        "update ingest_work set state = 'ready', lease_owner = null,"
                                + " lease_until = null, not_before = now() + make_interval(secs => ?), last_error = ?"
                                + " where document_id = ? and version = ? and state = 'leased' and lease_owner = ?",
                        backoff.toMillis() / 1000.0,
                        reason,
                        item.documentId(),
                        item.version(),
                        owner)
                == 1);
    }

    /** Hands back every lease of a stopping owner so other instances need not wait for them to expire. */
    public int release(String owner) {
        return queue(c -> Db.update(
                c,
                "update ingest_work set state = 'ready', lease_owner = null,"
                        + " lease_until = null, attempts = greatest(attempts - 1, 0)"
                        + " where state = 'leased' and lease_owner = ?",
                owner));
    }

    /** Forgets finished items older than {@code age}; a re-delivery after that is skipped by the status check. */
    public int purge(Duration age) {
        return queue(c -> Db.update(
                c,
                "delete from ingest_work where state in ('done', 'dead')"
                        + " and finished_at < now() - make_interval(secs => ?)",
                (double) age.toSeconds()));
    }

    private boolean finish(WorkItem item, String owner, String state, String reason) {
        return queue(c -> Db.update(
                        c,
                        "update ingest_work set state = ?, lease_owner = null, lease_until ="
                                + " null, finished_at = now(), last_error = coalesce(?, last_error)"
                                + " where document_id = ? and version = ? and state = 'leased' and lease_owner = ?",
                        state,
                        reason,
                        item.documentId(),
                        item.version(),
                        owner)
                == 1);
    }

    /** A transaction that reads the queue across tenants (the queue's row-level policy lets workers in). */
    private <T> T queue(Db.Work<T> work) {
        return db.tx(c -> {
            enter(c);
            return work.run(c);
        });
    }

    private static void enter(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("select set_config('app.ingest_queue', 'on', true)")) {
            ps.execute();
        }
    }
}
