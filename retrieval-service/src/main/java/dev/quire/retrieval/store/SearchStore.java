package dev.quire.retrieval.store;

import dev.quire.contracts.api.SearchHit;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The two retrieval legs over the live chunks of one tenant, optionally narrowed to knowledge bases or documents. */
@ApplicationScoped
public class SearchStore {
    /** Narrowing of a search; null lists mean no narrowing. */
    public record Filter(UUID tenantId, List<UUID> knowledgeBaseIds, List<UUID> documentIds) {}

    private static final String COLUMNS = "id, document_id, knowledge_base_id, filename, text, page, section";

    private final Db db;

    public SearchStore(Db db) {
        this.db = db;
    }

    /** Nearest chunks by cosine distance; HNSW scans iteratively so the tenant filter cannot starve the result. */
    public List<SearchHit> vector(Filter f, float[] query, int k) {
        return db.inTenant(f.tenantId(), c -> {
            c.createStatement().execute("set local hnsw.iterative_scan = relaxed_order");
            String sql = "select " + COLUMNS + ", 1 - (embedding <=> ?::vector) from chunks where " + where(f)
                    + " order by embedding <=> ?::vector limit ?";
            try (var ps = c.prepareStatement(sql)) {
                String v = Vectors.literal(query);
                ps.setString(1, v);
                int i = bind(c, ps, 2, f);
                ps.setString(i, v);
                ps.setInt(i + 1, k);
                return hits(ps);
            }
        });
    }

    /** Full-text leg (PostgreSQL's English analyser, ranked by ts_rank_cd). */
    public List<SearchHit> keyword(Filter f, String query, int k) {
        return db.inTenant(f.tenantId(), c -> {
            String sql = "select " + COLUMNS + ", ts_rank_cd(tsv, q) from chunks,"
                    + " websearch_to_tsquery('english', ?) q where tsv @@ q and " + where(f)
                    + " order by 8 desc limit ?";
            try (var ps = c.prepareStatement(sql)) {
                ps.setString(1, query);
                int i = bind(c, ps, 2, f);
                ps.setInt(i, k);
                return hits(ps);
            }
        });
    }

    private static String where(Filter f) {
        var sb = new StringBuilder("tenant_id = ? and live");
        if (f.knowledgeBaseIds() != null) {
            sb.append(" and knowledge_base_id = any(?)");
        }
        if (f.documentIds() != null) {
            sb.append(" and document_id = any(?)");
        }
        return sb.toString();
    }

    private static int bind(Connection c, PreparedStatement ps, int i, Filter f) throws SQLException {
        ps.setObject(i++, f.tenantId());
        if (f.knowledgeBaseIds() != null) {
            ps.setArray(i++, c.createArrayOf("uuid", f.knowledgeBaseIds().toArray()));
        }
        if (f.documentIds() != null) {
            ps.setArray(i++, c.createArrayOf("uuid", f.documentIds().toArray()));
        }
        return i;
    }

    private static List<SearchHit> hits(PreparedStatement ps) throws SQLException {
        var out = new ArrayList<SearchHit>();
        try (var rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SearchHit(
                        rs.getString(1),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getDouble(8),
                        (Integer) rs.getObject(6),
                        rs.getString(7)));
            }
        }
        return out;
    }
}
