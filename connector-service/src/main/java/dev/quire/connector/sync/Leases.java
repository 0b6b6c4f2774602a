package dev.quire.connector.sync;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * The run queue, the interval schedules and the per-connector leases, read across tenants (the only place that
 * does, saying so with {@code app.connector_queue}). A lease row per connector is the lock that lets exactly one
 * replica run it; its heartbeat keeps it, and a lease whose heartbeat stopped is reaped and its run INTERRUPTED.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class Leases {
    /** A claimed run: this replica holds the connector's lease for it. */
    public record Claim(UUID runId, UUID tenantId, UUID connectorId) {}

    private final Db db;
    private final RunStore runs;

    /** Takes the oldest queued run of a connector no replica is running, and its lease; empty when none. */
    public Optional<Claim> claim(String owner) {
        return db.tx(c -> {
            queue(c);
            Optional<Claim> next = Db.one(
                    c,
                    "select q.run_id, q.tenant_id, q.connector_id from run_queue q where not exists"
                            + " (select 1 from leases l where l.connector_id = q.connector_id)"
                            + " order by q.queued_at limit 1 for update of q skip locked",
                    rs -> new Claim(Db.uuid(rs, "run_id"), Db.uuid(rs, "tenant_id"), Db.uuid(rs, "connector_id")));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            Claim cl = next.get();
            int got = Db.update(
                    c,
                    "insert into leases(connector_id, tenant_id, run_id, owner) values (?, ?, ?, ?)"
                            + " on conflict (connector_id) do nothing",
                    cl.connectorId(),
                    cl.tenantId(),
                    cl.runId(),
                    owner);
            if (got == 0) {
                return Optional.empty(); // another replica took this connector a moment ago
            }
            Db.update(c, "delete from run_queue where run_id = ?", cl.runId());
            return next;
        });
    }

    /** Renews the lease; false when it is no longer this replica's (reaped as stale): the run must stop. */
    public boolean heartbeat(Claim cl, String owner) {
        return db.tx(c -> {
            queue(c);
            return Db.update(
                            c,
                            "update leases set heartbeat_at = clock_timestamp()"
                                    + " where connector_id = ? and run_id = ? and owner = ?",
                            cl.connectorId(),
                            cl.runId(),
                            owner)
                    > 0;
        });
    }

    public void release(Claim cl, String owner) {
        db.tx(c -> {
            queue(c);
            return Db.update(
                    c,
                    "delete from leases where connector_id = ? and run_id = ? and owner = ?",
                    cl.connectorId(),
                    cl.runId(),
                    owner);
        });
    }

    /** Drops leases whose heartbeat is older than {@code ttl} and marks their runs INTERRUPTED; returns how many. */
    public int reap(Duration ttl) {
        List<Claim> stale = db.tx(c -> {
            queue(c);
            return Db.list(
                    c,
                    "delete from leases where heartbeat_at < clock_timestamp() - make_interval(secs => ?)"
                            + " returning run_id, tenant_id, connector_id",
                    rs -> new Claim(Db.uuid(rs, "run_id"), Db.uuid(rs, "tenant_id"), Db.uuid(rs, "connector_id")),
                    (double) ttl.toMillis() / 1000.0);
        });
        for (Claim cl : stale) {
            db.inTenant(
                    cl.tenantId(),
                    c -> runs.finish(
                            c,
                            cl.tenantId(),
                            cl.runId(),
                            RunStatus.INTERRUPTED,
                            "the replica running it stopped sending heartbeats; the next run resumes from its"
                                    + " checkpoint"));
        }
        return stale.size();
    }

    /** Queues a run for each schedule that is due and moves the schedule on by its interval. */
    public int enqueueDue() {
        return db.tx(c -> {
            queue(c);
            record Due(UUID connectorId, UUID tenantId, int minutes) {}
            List<Due> due = Db.list(
                    c,
                    "select connector_id, tenant_id, interval_minutes from schedules where next_at <= now()"
                            + " order by next_at limit 50 for update skip locked",
                    rs -> new Due(Db.uuid(rs, "connector_id"), Db.uuid(rs, "tenant_id"), rs.getInt(3)));
            for (Due d : due) {
                Db.update(
                        c,
                        "update schedules set next_at = now() + make_interval(mins => ?) where connector_id = ?",
                        d.minutes(),
                        d.connectorId());
                Db.setTenant(c, d.tenantId());
                runs.enqueue(c, d.tenantId(), d.connectorId(), false, "schedule");
            }
            return due.size();
        });
    }

    private static void queue(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("select set_config('app.connector_queue', 'on', true)")) {
            ps.execute();
        }
    }
}
