package dev.quire.retrieval.store;

import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * Chunks with their embeddings and BM25 postings, written idempotently and made live a whole version at a time;
 * statistics (per knowledge base and per tenant) move in the same transaction as the chunks they count.
 * One class because storing, going live and deleting all move the same derived rows — postings, {@code kb_stats},
 * {@code term_df}, {@code dense_plan} — through one {@code adjustStats} and one tombstone check inside the tenant's
 * transaction; split apart, the statistics could drift from the chunks they count.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ChunkStore {
    /** How far a version has arrived: its distinct batches, its chunks, and whether it is live already. */
    private record Progress(int batches, int chunks, boolean live) {}

    private final Db db;

    /**
     * Upserts one batch; when it completes its version, makes that version live and drops older ones in the same
     * transaction. Returns the version's chunk count when it became complete, empty otherwise.
     */
    public OptionalInt storeBatch(DocumentChunked e) {
        return db.inTenant(e.tenantId(), c -> {
            if (tombstoned(c, e.tenantId(), e.documentId(), e.version())
                    || newerLive(c, e.tenantId(), e.documentId(), e.version())) {
                return OptionalInt.empty();
            }
            upsert(c, e);
            // an aggregate without group by: always one row
            Progress p = Db.one(
                            c,
                            "select count(distinct batch), count(*), coalesce(bool_or(live), false)"
                                    + " from chunks where tenant_id = ? and document_id = ? and version = ?",
                            rs -> new Progress(rs.getInt(1), rs.getInt(2), rs.getBoolean(3)),
                            e.tenantId(),
                            e.documentId(),
                            e.version())
                    .orElseThrow();
            if (p.batches() < e.batchCount()) {
                return OptionalInt.empty();
            }
            if (p.live()) {
                // a re-delivered batch of a live version: statistics already count it; only re-announce
                return OptionalInt.of(p.chunks());
            }
            removeVersionsBelow(c, e.tenantId(), e.documentId(), e.version());
            goLive(c, e.tenantId(), e.documentId(), e.version());
            return OptionalInt.of(p.chunks());
        });
    }

    /** Deletes every version of a document up to {@code version} (all when null) and keeps a tombstone. */
    public int deleteDocument(UUID tenantId, UUID documentId, Integer version) {
        int upTo = version == null ? Integer.MAX_VALUE : version;
        return db.inTenant(tenantId, c -> {
            Db.update(
                    c,
                    "insert into tombstones(tenant_id, document_id, version)"
                            + " values (?, ?, ?) on conflict (tenant_id, document_id)"
                            + " do update set version = greatest(tombstones.version, excluded.version)",
                    tenantId,
                    documentId,
                    upTo);
            return removeVersionsBelow(c, tenantId, documentId, upTo == Integer.MAX_VALUE ? upTo : upTo + 1);
        });
    }

    /** Deletes every document of a knowledge base, with a tombstone per document. */
    public int deleteKnowledgeBase(UUID tenantId, UUID kbId) {
        List<UUID> docs = db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select distinct document_id from chunks" + " where tenant_id = ? and knowledge_base_id = ?",
                        rs -> rs.getObject(1, UUID.class),
                        tenantId,
                        kbId));
        int n = 0;
        for (UUID d : docs) {
            n += deleteDocument(tenantId, d, null);
        }
        return n;
    }

    /** A reprocessed document's older version finishing late (or replayed) must not replace the newer live one. */
    private static boolean newerLive(Connection c, UUID tenant, UUID doc, int version) throws SQLException {
        return Db.one(
                        c,
                        "select 1 from chunks where tenant_id = ? and document_id = ?"
                                + " and version > ? and live limit 1",
                        rs -> true,
                        tenant,
                        doc,
                        version)
                .isPresent();
    }

    private static void upsert(Connection c, DocumentChunked e) throws SQLException {
        String language = e.language() == null ? "english" : e.language();
        List<String> tags = e.tags() == null ? List.of() : e.tags();
        try (var ps = c.prepareStatement("insert into chunks(id, tenant_id, knowledge_base_id, document_id,"
                + " version, idx, batch, filename, text, page, section, token_count, embedding, language, tags,"
                + " embedding_model)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::vector, ?::regconfig, coalesce((select t.tags"
                + " from document_tags t where t.tenant_id = ? and t.document_id = ?), ?), ?)"
                + " on conflict (id) do update set text = excluded.text, embedding = excluded.embedding,"
                + " embedding_model = excluded.embedding_model,"
                + " page = excluded.page, section = excluded.section, batch = excluded.batch"
                + " where chunks.tenant_id = excluded.tenant_id and not chunks.live")) {
            for (ChunkPayload ch : e.chunks()) {
                ps.setString(1, ch.chunkId());
                ps.setObject(2, e.tenantId());
                ps.setObject(3, e.knowledgeBaseId());
                ps.setObject(4, e.documentId());
                ps.setInt(5, e.version());
                ps.setInt(6, ch.index());
                ps.setInt(7, e.batch());
                ps.setString(8, e.filename() == null ? "" : e.filename());
                ps.setString(9, ch.text());
                ps.setObject(10, ch.page());
                ps.setString(11, ch.section());
                ps.setInt(12, ch.tokenCount());
                ps.setString(13, Vectors.literal(ch.embedding()));
                ps.setString(14, language);
                // tags set by document.tagged after the upload win over those the batch was cut with
                ps.setObject(15, e.tenantId());
                ps.setObject(16, e.documentId());
                ps.setArray(17, c.createArrayOf("text", tags.toArray()));
                ps.setString(18, e.embeddingModel());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Makes a complete version live: its length, its postings and the statistics that count it. */
    private static void goLive(Connection c, UUID tenant, UUID doc, int version) throws SQLException {
        Db.update(
                c,
                "update chunks set live = true, doc_len = (select coalesce(sum(array_length(u.positions, 1)), 0)"
                        + " from unnest(tsv) u) where tenant_id = ? and document_id = ? and version = ? and not live",
                tenant,
                doc,
                version);
        Db.update(
                c,
                // the impact (BM25 weight without IDF, k1 = 0.9, b = 0.4, the KB's average length so far) only
                // orders a term's postings for candidate selection; scores are recomputed exactly at query time
                "insert into postings(tenant_id, knowledge_base_id, document_id, lexeme, chunk_id, tf, doc_len,"
                        + " impact) select c.tenant_id, c.knowledge_base_id, c.document_id, u.lexeme, c.id,"
                        + " array_length(u.positions, 1), c.doc_len, array_length(u.positions, 1) * 1.9"
                        + " / (array_length(u.positions, 1) + 0.9 * (0.6 + 0.4 * c.doc_len / coalesce((select"
                        + " s.total_len::float8 / nullif(s.chunks, 0) from kb_stats s where s.tenant_id = c.tenant_id"
                        + " and s.knowledge_base_id = c.knowledge_base_id), greatest(c.doc_len, 1))))"
                        + " from chunks c, unnest(c.tsv) u"
                        + " where c.tenant_id = ? and c.document_id = ? and c.version = ? on conflict do nothing",
                tenant,
                doc,
                version);
        adjustStats(c, tenant, doc, version, version, +1);
    }

    /** Removes the live and pending chunks of versions below {@code version}; returns how many chunks went. */
    private static int removeVersionsBelow(Connection c, UUID tenant, UUID doc, int version) throws SQLException {
        adjustStats(c, tenant, doc, 0, version - 1, -1);
        return Db.update(
                c, "delete from chunks where tenant_id = ? and document_id = ? and version < ?", tenant, doc, version);
    }

    /** Adds (sign +1) or removes (-1) the live chunks of versions [from, to] to/from kb_stats and dense_plan. */
    private static void adjustStats(Connection c, UUID tenant, UUID doc, int from, int to, int sign)
            throws SQLException {
        String live = "from chunks where tenant_id = ? and document_id = ? and version between ? and ? and live";
        Db.update(
                c,
                "insert into kb_stats(tenant_id, knowledge_base_id, language, chunks, total_len, embedding_model)"
                        + " select tenant_id, knowledge_base_id, min(language::text)::regconfig, " + sign
                        + " * count(*), "
                        + sign + " * sum(doc_len), min(embedding_model) " + live
                        + " group by tenant_id, knowledge_base_id on conflict (tenant_id, knowledge_base_id)"
                        + " do update set chunks = kb_stats.chunks + excluded.chunks,"
                        + " embedding_model = excluded.embedding_model,"
                        + " total_len = kb_stats.total_len + excluded.total_len",
                tenant,
                doc,
                from,
                to);
        // lexemes in a fixed order so concurrent writers of one tenant lock term_df rows without deadlocking
        Db.update(
                c,
                "insert into term_df(tenant_id, knowledge_base_id, lexeme, df) select tenant_id, knowledge_base_id,"
                        + " u.lexeme, " + sign + " * count(*) from chunks, unnest(tsv) u where tenant_id = ? and"
                        + " document_id = ? and version between ? and ? and live group by"
                        + " tenant_id, knowledge_base_id, u.lexeme order by u.lexeme on"
                        + " conflict (tenant_id, lexeme, knowledge_base_id) do update set df ="
                        + " term_df.df + excluded.df",
                tenant,
                doc,
                from,
                to);
        Db.update(
                c,
                "insert into dense_plan(tenant_id, live_chunks) select tenant_id, " + sign + " * count(*) " + live
                        + " group by tenant_id on conflict (tenant_id)"
                        + " do update set live_chunks = dense_plan.live_chunks + excluded.live_chunks",
                tenant,
                doc,
                from,
                to);
    }

    private static boolean tombstoned(Connection c, UUID tenantId, UUID documentId, int version) throws SQLException {
        // at most one row: a document has one tombstone
        return Db.one(
                        c,
                        "select 1 from tombstones where tenant_id = ? and document_id = ? and version >= ?",
                        rs -> true,
                        tenantId,
                        documentId,
                        version)
                .isPresent();
    }
}
