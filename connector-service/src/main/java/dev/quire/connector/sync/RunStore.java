package dev.quire.connector.sync;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sync runs, their counts and per-item errors, within one tenant on the caller's transaction.
 * One class because runs, their counts and their errors are one table family written on the caller's transaction.
 */
@ApplicationScoped
public class RunStore {
    /** Items a run has seen, added, updated, deleted and failed on. */
    public record Counts(int seen, int added, int updated, int deleted, int failed) {}

    /** A run as the API shows it. */
    public record Run(
            UUID id,
            UUID connectorId,
            RunStatus status,
            String trigger,
            boolean full,
            Instant queuedAt,
            Instant startedAt,
            Instant finishedAt,
            Counts counts,
            String error) {}

    /** One item that failed in a run, with its name and link. */
    public record ItemError(String itemId, String name, String url, String code, String message, Instant at) {}

    private static final String COLUMNS = "id, connector_id, status, trigger, full_sync, queued_at, started_at,"
            + " finished_at, seen, added, updated, deleted, failed, refused, error";

    /** Queues a run unless one is queued or running already; returns the run that will do the work. */
    public UUID enqueue(Connection c, UUID tenantId, UUID connectorId, boolean full, String trigger)
            throws SQLException {
        Optional<UUID> active = Db.one(
                c,
                "select id from sync_runs where tenant_id = ? and connector_id = ?"
                        + " and status in ('QUEUED', 'RUNNING') order by queued_at limit 1",
                rs -> Db.uuid(rs, "id"),
                tenantId,
                connectorId);
        if (active.isPresent()) {
            return active.get();
        }
        UUID id = UUID.randomUUID();
        Db.update(
                c,
                "insert into sync_runs(id, tenant_id, connector_id, status, full_sync, trigger)"
                        + " values (?, ?, ?, 'QUEUED', ?, ?)",
                id,
                tenantId,
                connectorId,
                full,
                trigger);
        Db.update(
                c,
                "insert into run_queue(run_id, tenant_id, connector_id) values (?, ?, ?)",
                id,
                tenantId,
                connectorId);
        return id;
    }

    public Optional<Run> find(Connection c, UUID tenantId, UUID runId) throws SQLException {
        return Db.one(
                c,
                "select " + COLUMNS + " from sync_runs where tenant_id = ? and id = ?",
                RunStore::map,
                tenantId,
                runId);
    }

    public List<Run> list(Connection c, UUID tenantId, UUID connectorId, int limit) throws SQLException {
        return Db.list(
                c,
                "select " + COLUMNS + " from sync_runs where tenant_id = ? and connector_id = ?"
                        + " order by queued_at desc, id limit ?",
                RunStore::map,
                tenantId,
                connectorId,
                limit);
    }

    public List<ItemError> errors(Connection c, UUID tenantId, UUID runId, int limit) throws SQLException {
        return Db.list(
                c,
                "select item_id, name, url, code, message, at from run_errors"
                        + " where tenant_id = ? and run_id = ? order by id limit ?",
                rs -> new ItemError(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        Db.instant(rs, "at")),
                tenantId,
                runId,
                limit);
    }

    public void start(Connection c, UUID tenantId, UUID runId) throws SQLException {
        Db.update(
                c,
                "update sync_runs set status = 'RUNNING', started_at = now() where tenant_id = ? and id = ?",
                tenantId,
                runId);
    }

    public void progress(Connection c, UUID tenantId, UUID runId, Counts n) throws SQLException {
        Db.update(
                c,
                "update sync_runs set seen = ?, added = ?, updated = ?, deleted = ?, failed = ?"
                        + " where tenant_id = ? and id = ?",
                n.seen(),
                n.added(),
                n.updated(),
                n.deleted(),
                n.failed(),
                tenantId,
                runId);
    }

    /**
     * Ends a run that is still active with the job's own counts (the job's {@code failed} excludes items ingestion
     * refused, which are counted apart); returns false when it had already ended (e.g. INTERRUPTED or CANCELLED).
     */
    public boolean finish(Connection c, UUID tenantId, UUID runId, RunStatus status, Counts n, String error)
            throws SQLException {
        progress(c, tenantId, runId, n);
        return finish(c, tenantId, runId, status, error);
    }

    /** Ends a run that is still active, keeping the counts it has; false when it had already ended. */
    public boolean finish(Connection c, UUID tenantId, UUID runId, RunStatus status, String error) throws SQLException {
        // an item ingestion refused before the run ended makes a clean run one with errors
        return Db.update(
                        c,
                        "update sync_runs set status = case when ? = 'SUCCEEDED' and refused > 0"
                                + " then 'COMPLETED_WITH_ERRORS' else ? end, error = ?, finished_at = now()"
                                + " where tenant_id = ? and id = ? and status in ('QUEUED', 'RUNNING')",
                        status.name(),
                        status.name(),
                        error,
                        tenantId,
                        runId)
                > 0;
    }

    /**
     * Counts an item ingestion refused after the run sent it; a run that already ended clean becomes
     * COMPLETED_WITH_ERRORS (the refusal is as much the run's failure as one it saw itself).
     */
    public void refused(Connection c, UUID tenantId, UUID runId) throws SQLException {
        Db.update(
                c,
                "update sync_runs set refused = refused + 1, status = case when status = 'SUCCEEDED'"
                        + " then 'COMPLETED_WITH_ERRORS' else status end where tenant_id = ? and id = ?",
                tenantId,
                runId);
    }

    /** The run's status now, or empty when it is gone (its connector was deleted). */
    public Optional<RunStatus> status(Connection c, UUID tenantId, UUID runId) throws SQLException {
        return Db.one(
                c,
                "select status from sync_runs where tenant_id = ? and id = ?",
                rs -> RunStatus.valueOf(rs.getString(1)),
                tenantId,
                runId);
    }

    public void addError(Connection c, UUID tenantId, UUID runId, ItemError e) throws SQLException {
        Db.update(
                c,
                "insert into run_errors(run_id, tenant_id, item_id, name, url, code, message) values (?, ?, ?, ?, ?, ?, ?)",
                runId,
                tenantId,
                e.itemId(),
                e.name(),
                e.url(),
                e.code(),
                e.message());
    }

    static Run map(java.sql.ResultSet rs) throws SQLException {
        return new Run(
                Db.uuid(rs, "id"),
                Db.uuid(rs, "connector_id"),
                RunStatus.valueOf(rs.getString("status")),
                rs.getString("trigger"),
                rs.getBoolean("full_sync"),
                Db.instant(rs, "queued_at"),
                Db.instant(rs, "started_at"),
                Db.instant(rs, "finished_at"),
                new Counts(
                        rs.getInt("seen"),
                        rs.getInt("added"),
                        rs.getInt("updated"),
                        rs.getInt("deleted"),
                        rs.getInt("failed") + rs.getInt("refused")),
                rs.getString("error"));
    }
}
