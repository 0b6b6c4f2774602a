package dev.quire.retrieval.store;

import dev.quire.contracts.api.SearchHit;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * The two retrieval legs over the live chunks of one tenant, narrowed to knowledge bases, documents or tags.
 * Every statement filters on the tenant itself; row-level security stands behind it.
 * One class because the BM25, dense and exact-identifier statements are built from the same tenant filter and
 * narrowing clauses.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class SearchStore {
    /** Narrowing of a search; null lists mean no narrowing. */
    public record Filter(UUID tenantId, List<UUID> knowledgeBaseIds, List<UUID> documentIds, List<String> tags) {}

    /**
     * BM25 parameters (Lucene's defaults for BEIR are k1 = 0.9, b = 0.4), how many of its strongest postings each
     * query term contributes as candidates, and how many candidates are rescored exactly.
     */
    public record Bm25(double k1, double b, int postingsPerTerm, int rescore) {}

    private static final String COLUMNS =
            "c.id, c.document_id, c.knowledge_base_id, c.filename, c.text, c.page," + " c.section";

    private final Db db;
    private final DensePlan plan;

    /**
     * BM25 over the postings of the tenant's live chunks, in two steps: each query term offers its strongest
     * postings (by stored impact, so a common term reads a bounded prefix of its index, not all of it), the
     * candidates are ranked by the sum of IDF × impact, and the best of them are rescored exactly with every query
     * term. Document frequencies come from term_df and the chunk count and average length from kb_stats, both over
     * the searched knowledge bases (all of the tenant's when unfiltered). The rescoring reads each (term, candidate)
     * posting through a LATERAL ... LIMIT 1 on its primary key: as a plain join, a tenant newer than the table's
     * statistics (estimated at one row) got a plan that scanned all its postings once per pair — 10–14 ms instead of
     * 2.5 ms for 15 chunks, growing with the tenant's size until the next ANALYZE (docs/BENCHMARKS.md, "First token").
     */
    public List<SearchHit> bm25(Filter f, String query, Bm25 p, int k) {
        String kbs = f.knowledgeBaseIds() == null ? "" : " and knowledge_base_id = any(?)";
        String narrow = (f.knowledgeBaseIds() == null ? "" : " and p.knowledge_base_id = any(?)")
                + (f.documentIds() == null ? "" : " and p.document_id = any(?)")
                + (f.tags() == null
                        ? ""
                        : " and exists (select 1 from chunks t where t.id = p.chunk_id" + " and t.tags && ?)");
        // the query is analysed with the language (stemmer, stop words) of each knowledge base searched
        String sql = "with q as (select distinct u.lexeme from (select distinct language from kb_stats"
                + " where tenant_id = ?" + kbs + " and chunks > 0) l, unnest(to_tsvector(l.language, ?)) u),"
                + " st as (select coalesce(sum(chunks), 0)::float8 n,"
                + " greatest(coalesce(sum(total_len), 0), 1)::float8 / greatest(coalesce(sum(chunks), 0), 1) avgdl"
                + " from kb_stats where tenant_id = ?" + kbs + "),"
                + " w as (select d.lexeme, ln(1 + (st.n - sum(d.df) + 0.5) / (sum(d.df) + 0.5)) idf"
                + " from term_df d join q on q.lexeme = d.lexeme, st where d.tenant_id = ?"
                + (f.knowledgeBaseIds() == null ? "" : " and d.knowledge_base_id = any(?)")
                + " group by d.lexeme, st.n having sum(d.df) > 0),"
                + " cand as (select p.chunk_id from w cross join lateral (select p.chunk_id, p.impact"
                + " from postings p where p.tenant_id = ? and p.lexeme = w.lexeme" + narrow
                + " order by p.impact desc limit ?) p group by p.chunk_id order by sum(w.idf * p.impact) desc"
                + " limit ?),"
                + " s as (select cand.chunk_id, sum(w.idf * p.tf * (? + 1) / (p.tf + ? * (1 - ? + ? * p.doc_len"
                + " / st.avgdl))) score from cand cross join w cross join lateral (select p.tf, p.doc_len"
                + " from postings p where p.tenant_id = ? and p.lexeme = w.lexeme and p.chunk_id = cand.chunk_id"
                + " limit 1) p, st group by cand.chunk_id order by score desc limit ?)"
                + " select " + COLUMNS + ", s.score from s join chunks c on c.id = s.chunk_id"
                + " where c.tenant_id = ? and c.live order by s.score desc";
        return db.inTenant(f.tenantId(), c -> {
            var args = new ArrayList<Object>();
            args.add(f.tenantId());
            bindKbs(args, f);
            args.add(query);
            args.add(f.tenantId());
            bindKbs(args, f);
            args.add(f.tenantId());
            bindKbs(args, f);
            args.add(f.tenantId());
            bindNarrow(args, f);
            args.add(p.postingsPerTerm());
            args.add(Math.max(p.rescore(), 2 * k));
            args.add(p.k1());
            args.add(p.k1());
            args.add(p.b());
            args.add(p.b());
            args.add(f.tenantId());
            args.add(k);
            args.add(f.tenantId());
            return Db.list(c, sql, SearchStore::hit, args.toArray());
        });
    }

    /**
     * Nearest chunks by cosine distance. A tenant below the size threshold is scanned exactly behind its tenant
     * index (the OFFSET 0 fence keeps the planner from trading exactness for an ANN index); a large tenant uses its
     * own partial HNSW, scanned iteratively so filters cannot starve the result.
     */
    public List<SearchHit> dense(Filter f, float[] query, int k) {
        return dense(f, DensePlan.INDEXED_MODEL, query, k);
    }

    /** Nearest chunks of {@code model} (a query vector of that model's space). */
    public List<SearchHit> dense(Filter f, String model, float[] query, int k) {
        String vector = Vectors.literal(query);
        // only MiniLM's chunks have a tenant HNSW (an index needs one vector size); other models are scanned exactly
        boolean ann = DensePlan.INDEXED_MODEL.equals(model) && plan.hasOwnIndex(f.tenantId());
        return db.inTenant(f.tenantId(), c -> {
            String sql;
            if (ann) {
                try (var st = c.createStatement()) {
                    st.execute("set local hnsw.iterative_scan = relaxed_order");
                    st.execute("set local hnsw.ef_search = " + plan.efSearch());
                }
                // the tenant id is a literal here (a UUID parsed from the verified token) so the planner can
                // match the tenant's partial HNSW index, which a bind parameter would hide from it
                sql = "select * from (select " + COLUMNS + ", 1 - (" + DensePlan.INDEXED_EXPRESSION
                        + " <=> ?::vector) score from chunks c where c.tenant_id = '" + f.tenantId() + "' and c.live"
                        + " and c.embedding_model = '" + DensePlan.INDEXED_MODEL + "'" + narrow(f)
                        + " order by " + DensePlan.INDEXED_EXPRESSION + " <=> ?::vector limit ?) s order by score desc";
            } else {
                // rank on the distance alone and read the other columns of the top k only
                sql = "with top as (select id, score from (select c.id, 1 - (c.embedding <=> ?::vector) score"
                        + " from chunks c where c.tenant_id = ? and c.live and c.embedding_model = ?" + narrow(f)
                        + " offset 0) s"
                        + " order by score desc limit ?) select " + COLUMNS + ", top.score from top"
                        + " join chunks c on c.id = top.id order by top.score desc";
            }
            var args = new ArrayList<Object>();
            args.add(vector);
            if (!ann) {
                args.add(f.tenantId());
                args.add(model);
            }
            bindNarrow(args, f);
            if (ann) {
                args.add(vector);
            }
            args.add(k);
            return Db.list(c, sql, SearchStore::hit, args.toArray());
        });
    }

    /**
     * The embedding models of the searched knowledge bases that hold live chunks (all of the tenant's when
     * unfiltered), each with its vector size: a query is embedded once per model.
     */
    public List<String> models(Filter f) {
        String kbs = f.knowledgeBaseIds() == null ? "" : " and knowledge_base_id = any(?)";
        return db.inTenant(f.tenantId(), c -> {
            var args = new ArrayList<Object>();
            args.add(f.tenantId());
            bindKbs(args, f);
            return Db.list(
                    c,
                    "select distinct embedding_model from kb_stats where tenant_id = ? and chunks > 0" + kbs
                            + " order by 1",
                    rs -> rs.getString(1),
                    args.toArray());
        });
    }

    /** The live chunks containing one identifier verbatim (case-sensitive), at most {@code limit} of them. */
    public record Exact(String identifier, List<SearchHit> chunks) {}

    /**
     * For each identifier, up to {@code limit} live chunks of the searched scope whose text contains it verbatim
     * (score 0). The caller asks one more than it will use, to tell a rare identifier from a common one. This is a
     * substring scan of the tenant's live chunks (narrowed like the legs), run only for questions that contain an
     * identifier.
     */
    public List<Exact> exact(Filter f, List<String> identifiers, int limit) {
        if (identifiers.isEmpty()) {
            return List.of();
        }
        String sql = "select " + COLUMNS + ", 0::float8 from chunks c where c.tenant_id = ? and c.live" + narrow(f)
                + " and strpos(c.text, ?) > 0 limit ?";
        return db.inTenant(f.tenantId(), c -> {
            var out = new ArrayList<Exact>();
            for (String id : identifiers) {
                var args = new ArrayList<Object>();
                args.add(f.tenantId());
                bindNarrow(args, f);
                args.add(id);
                args.add(limit);
                out.add(new Exact(id, Db.list(c, sql, SearchStore::hit, args.toArray())));
            }
            return out;
        });
    }

    /** Whether the tenant has live chunks in this knowledge base (an unknown or foreign one has none). */
    public boolean knowledgeBaseExists(UUID tenantId, UUID kbId) {
        // at most one row: kb_stats is keyed by tenant and knowledge base
        return db.inTenant(tenantId, c -> Db.one(
                        c,
                        "select 1 from kb_stats where tenant_id = ? and knowledge_base_id = ? and chunks > 0",
                        rs -> true,
                        tenantId,
                        kbId)
                .isPresent());
    }

    private static String narrow(Filter f) {
        return (f.knowledgeBaseIds() == null ? "" : " and c.knowledge_base_id = any(?)")
                + (f.documentIds() == null ? "" : " and c.document_id = any(?)")
                + (f.tags() == null ? "" : " and c.tags && ?");
    }

    private static void bindKbs(List<Object> args, Filter f) {
        if (f.knowledgeBaseIds() != null) {
            args.add(new Db.SqlArray("uuid", f.knowledgeBaseIds()));
        }
    }

    private static void bindNarrow(List<Object> args, Filter f) {
        bindKbs(args, f);
        if (f.documentIds() != null) {
            args.add(new Db.SqlArray("uuid", f.documentIds()));
        }
        if (f.tags() != null) {
            args.add(new Db.SqlArray("text", f.tags()));
        }
    }

    private static SearchHit hit(ResultSet rs) throws SQLException {
        return new SearchHit(
                rs.getString(1),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                rs.getDouble(8),
                (Integer) rs.getObject(6),
                rs.getString(7));
    }
}
