package dev.quire.retrieval.store;

import dev.quire.platform.db.Db;
import dev.quire.retrieval.config.RetrievalConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * Which tenants are searched through an HNSW index of their own. A tenant whose live chunks pass the threshold
 * gets a partial HNSW ({@code WHERE tenant_id = ...}), built concurrently by one replica at a time; until it exists
 * (and for every smaller tenant) dense search is an exact scan, so recall never depends on a shared graph.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class DensePlan {
    /** The model whose chunks get a tenant's HNSW: an index needs one vector size (the column has none). */
    public static final String INDEXED_MODEL = "all-minilm-l6-v2-q";

    /** What the HNSW indexes and the ANN query order by (the same expression, so the planner matches them). */
    public static final String INDEXED_EXPRESSION = "(c.embedding::vector(384))";

    private static final Logger LOG = Logger.getLogger(DensePlan.class);
    private static final long CACHE_MS = 30_000;

    private record Cached(boolean ownIndex, long at) {}

    private final DataSource ds;
    private final RetrievalConfig config;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    public int efSearch() {
        return config.efSearch();
    }

    public boolean hasOwnIndex(UUID tenantId) {
        var hit = cache.get(tenantId);
        long now = System.currentTimeMillis();
        if (hit != null && now - hit.at() < CACHE_MS) {
            return hit.ownIndex();
        }
        boolean own;
        try (Connection c = ds.getConnection()) {
            // at most one row: dense_plan is keyed by tenant
            own = Db.one(
                            c,
                            "select hnsw_index is not null from dense_plan where tenant_id = ?",
                            rs -> rs.getBoolean(1),
                            tenantId)
                    .orElse(false);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        cache.put(tenantId, new Cached(own, now));
        return own;
    }

    @Scheduled(every = "${quire.retrieval.plan-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void plan() {
        try {
            buildMissingIndexes();
        } catch (SQLException e) {
            LOG.warnf("dense plan paused: %s", e.getMessage());
        }
    }

    /** Builds the partial HNSW of every tenant over the threshold that lacks one; returns how many were built. */
    public int buildMissingIndexes() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            try (var lock = c.createStatement();
                    var rs = lock.executeQuery("select pg_try_advisory_lock(7402)")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return 0; // another replica is building
                }
            }
            try {
                List<UUID> due = Db.list(
                        c,
                        "select tenant_id from dense_plan where live_chunks >= ? and hnsw_index is null",
                        rs -> rs.getObject(1, UUID.class),
                        config.hnswThreshold());
                for (UUID t : due) {
                    build(c, t);
                }
                return due.size();
            } finally {
                try (var st = c.createStatement()) {
                    st.execute("select pg_advisory_unlock(7402)");
                }
            }
        }
    }

    private void build(Connection c, UUID tenant) throws SQLException {
        String name = "chunks_hnsw_" + tenant.toString().replace("-", "");
        long start = System.currentTimeMillis();
        try (var st = c.createStatement()) {
            st.execute("set maintenance_work_mem = '512MB'");
            // tenant is a UUID read back from our own table: safe as a literal, and it must be one in a predicate
            st.execute("create index concurrently if not exists " + name
                    + " on chunks using hnsw ((embedding::vector(384)) vector_cosine_ops) where tenant_id = '"
                    + tenant + "' and embedding_model = '" + INDEXED_MODEL + "'");
        }
        Db.update(c, "update dense_plan set hnsw_index = ? where tenant_id = ?", name, tenant);
        cache.remove(tenant);
        LOG.infof("tenant %s: own HNSW %s built in %d ms", tenant, name, System.currentTimeMillis() - start);
    }
}
