package dev.quire.ingestion.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Bulk jobs and their queue: a job row per tenant (row-level security) and a queue entry the runners lease. */
@ApplicationScoped
@RequiredArgsConstructor
public class JobStore {
    /** A job as stored; {@code errors} are {@code {documentId, code, detail}} of failed items (at most 100). */
    public record Job(
            UUID id,
            UUID knowledgeBaseId,
            String action,
            String status,
            int total,
            int done,
            int failed,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Map<String, String>> errors,
            Instant createdAt,
            Instant finishedAt) {}

    /** What a runner needs beyond the view: the items, tags and who asked. */
    public record Work(Job job, List<UUID> documentIds, List<String> tags, UUID userId, UUID apiKeyId, String ip) {}

    /** A leased queue entry. */
    public record Lease(UUID jobId, UUID tenantId) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, knowledge_base_id, action, status, total, done, failed, errors::text,"
            + " created_at, finished_at, document_ids, tags, actor_user_id, actor_api_key_id, ip";

    private final Db db;

    /** Stores the job and queues it in one transaction. */
    public void insert(
            UUID tenantId,
            UUID id,
            UUID kbId,
            String action,
            List<UUID> docs,
            List<String> tags,
            UUID userId,
            UUID apiKeyId,
            String ip) {
        db.inTenant(tenantId, c -> {
            Db.update(
                    c,
                    "insert into jobs(id, tenant_id, knowledge_base_id, action,"
                            + " document_ids, tags, status, total, actor_user_id, actor_api_key_id, ip)"
                            + " values (?, ?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?)",
                    id,
                    tenantId,
                    kbId,
                    action,
                    new Db.SqlArray("uuid", docs),
                    new Db.SqlArray("text", tags),
                    docs.size(),
                    userId,
                    apiKeyId,
                    ip);
            return Db.update(c, "insert into job_queue(job_id, tenant_id) values (?, ?)", id, tenantId);
        });
    }

    public Optional<Work> find(UUID tenantId, UUID id) {
        return db.inTenant(
                tenantId,
                c -> Db.one(
                        c,
                        "select " + COLUMNS + " from jobs where tenant_id = ? and id = ?",
                        JobStore::map,
                        tenantId,
                        id));
    }

    /** Leases the oldest job nobody holds (a crashed runner's lease runs out and another picks the job up). */
    public Optional<Lease> lease(Duration ttl) {
        return db.tx(c -> Db.one(
                c,
                "update job_queue set locked_until = now() + make_interval(secs => ?)"
                        + " where job_id = (select job_id from job_queue where locked_until < now()"
                        + " order by locked_until limit 1 for update skip locked) returning job_id, tenant_id",
                rs -> new Lease(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)),
                (double) ttl.toSeconds()));
    }

    /** Records one item's outcome and extends the lease. */
    public void progress(UUID tenantId, UUID id, boolean ok, Map<String, String> error, Duration ttl) {
        db.inTenant(tenantId, c -> {
            String e;
            try {
                e = error == null ? null : JSON.writeValueAsString(error);
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
            Db.update(
                    c,
                    "update jobs set status = 'RUNNING', done = done + ?,"
                            + " failed = failed + ?, errors = case when ?::jsonb is null"
                            + " or jsonb_array_length(errors) >= 100"
                            + " then errors else errors || jsonb_build_array(?::jsonb) end"
                            + " where tenant_id = ? and id = ?",
                    ok ? 1 : 0,
                    ok ? 0 : 1,
                    e,
                    e,
                    tenantId,
                    id);
            extend(c, id, ttl);
            return null;
        });
    }

    /** Marks the job DONE and takes it off the queue in one transaction. */
    public void finish(UUID tenantId, UUID id) {
        db.inTenant(tenantId, c -> {
            Db.update(
                    c,
                    "update jobs set status = 'DONE', finished_at = now() where tenant_id = ? and id = ?",
                    tenantId,
                    id);
            return Db.update(c, "delete from job_queue where job_id = ?", id);
        });
    }

    private static void extend(Connection c, UUID id, Duration ttl) throws SQLException {
        Db.update(
                c,
                "update job_queue set locked_until = now() + make_interval(secs => ?) where job_id = ?",
                (double) ttl.toSeconds(),
                id);
    }

    private static Work map(ResultSet rs) throws SQLException {
        List<Map<String, String>> errors;
        try {
            errors = JSON.readValue(rs.getString(8), new TypeReference<List<Map<String, String>>>() {});
        } catch (Exception e) {
            throw new SQLException("bad job errors", e);
        }
        Timestamp finished = rs.getTimestamp(10);
        var job = new Job(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getInt(6),
                rs.getInt(7),
                errors,
                rs.getTimestamp(9).toInstant(),
                finished == null ? null : finished.toInstant());
        return new Work(
                job,
                Arrays.asList((UUID[]) rs.getArray(11).getArray()),
                Arrays.asList((String[]) rs.getArray(12).getArray()),
                rs.getObject(13, UUID.class),
                rs.getObject(14, UUID.class),
                rs.getString(15));
    }
}
