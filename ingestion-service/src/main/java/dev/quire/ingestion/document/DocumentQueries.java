package dev.quire.ingestion.document;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/**
 * Document lists with filters and keyset paging, tag counts, extracted text, and the edits of reprocess and tags.
 * One class because these reads and edits share the document filters and the keyset cursor.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class DocumentQueries {
    /** The list filters; null means "any". {@code q} is a case-insensitive filename substring. */
    public record Filter(String status, String tag, String q) {}

    /** One page of documents and the cursor after its last one (null: no more). */
    public record Page(List<DocumentStore.Document> items, String nextCursor) {}

    /** A tag with the number of documents carrying it. */
    public record TagCount(String tag, long count) {}

    /** The head of a document's extracted text and its full length in characters. */
    public record Text(String text, long length) {}

    private final Db db;

    /** Newest first, keyset-paged on (created_at, id) so pages stay stable while documents arrive. */
    public Page list(UUID tenantId, UUID kbId, Filter f, int limit, String cursor) {
        Instant before = Instant.parse("9999-01-01T00:00:00Z");
        UUID beforeId = new UUID(-1L, -1L);
        if (cursor != null) {
            String[] parts = decode(cursor);
            before = Instant.parse(parts[0]);
            beforeId = UUID.fromString(parts[1]);
        }
        final Instant b = before;
        final UUID bid = beforeId;
        return db.inTenant(tenantId, c -> {
            var out = new ArrayList<>(Db.list(
                    c,
                    "select " + DocumentStore.COLUMNS + " from documents where tenant_id = ?"
                            + " and knowledge_base_id = ? and (?::text is null or status = ?)"
                            + " and (?::text is null or ? = any(tags))"
                            + " and (?::text is null or filename ilike ? escape '\\')"
                            + " and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?",
                    DocumentStore::map,
                    tenantId,
                    kbId,
                    f.status(),
                    f.status(),
                    f.tag(),
                    f.tag(),
                    f.q(),
                    f.q() == null ? null : "%" + likeEscape(f.q()) + "%",
                    Timestamp.from(b),
                    bid,
                    limit + 1));
            String next = null;
            if (out.size() > limit) {
                out.remove(limit);
                var last = out.get(limit - 1);
                next = encode(last.createdAt(), last.id());
            }
            return new Page(out, next);
        });
    }

    /** The tenant's tags (only in {@code kbIds} when not null) in name order after {@code after}, with counts. */
    public List<TagCount> tags(UUID tenantId, Collection<UUID> kbIds, String after, int limit) {
        return db.inTenant(tenantId, c -> {
            var args = new ArrayList<Object>();
            args.add(tenantId);
            if (kbIds != null) {
                args.add(new Db.SqlArray("uuid", kbIds));
            }
            args.add(after == null ? "" : after);
            args.add(limit);
            return Db.list(
                    c,
                    "select t, count(*) from documents d, unnest(d.tags) t"
                            + " where d.tenant_id = ?" + (kbIds == null ? "" : " and d.knowledge_base_id = any(?)")
                            + " and t > ? group by t order by t limit ?",
                    rs -> new TagCount(rs.getString(1), rs.getLong(2)),
                    args.toArray());
        });
    }

    /**
     * How one version was processed: {@code state} is {@code queued}, {@code processing}, {@code done} or
     * {@code failed}; {@code error} is the last failure of its attempts.
     */
    public record Version(
            int version, String state, int attempts, Instant enqueuedAt, Instant finishedAt, String error) {}

    /**
     * The document's versions as the work queue knows them, newest first (finished ones are kept for 7 days, see
     * {@code WorkerPool}); empty for a document whose work was already forgotten.
     */
    public List<Version> versions(UUID tenantId, UUID docId) {
        return db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select version, case state when 'ready' then 'queued' when 'leased' then 'processing'"
                                + " when 'dead' then 'failed' else state end, attempts, enqueued_at, finished_at,"
                                + " last_error from ingest_work where tenant_id = ? and document_id = ?"
                                + " order by version desc limit 100",
                        rs -> new Version(
                                rs.getInt(1),
                                rs.getString(2),
                                rs.getInt(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getTimestamp(5) == null
                                        ? null
                                        : rs.getTimestamp(5).toInstant(),
                                rs.getString(6)),
                        tenantId,
                        docId));
    }

    /** The first {@code maxChars} characters of the extracted text; empty when nothing was extracted yet. */
    public Optional<Text> text(UUID tenantId, UUID docId, int maxChars) {
        return db.inTenant(
                tenantId,
                c -> Db.one(
                        c,
                        "select left(extracted_text, ?), length(extracted_text) from documents"
                                + " where tenant_id = ? and id = ? and extracted_text is not null",
                        rs -> new Text(rs.getString(1), rs.getLong(2)),
                        maxChars,
                        tenantId,
                        docId));
    }

    /** Starts a new version (QUEUED, no chunk count yet) on the caller's connection; empty when not found. */
    public Optional<DocumentStore.Document> newVersion(Connection c, UUID tenantId, UUID docId) throws SQLException {
        return Db.one(
                c,
                "update documents set version = version + 1, status = 'QUEUED',"
                        + " error = null, chunk_count = null where tenant_id = ? and id = ? returning "
                        + DocumentStore.COLUMNS,
                DocumentStore::map,
                tenantId,
                docId);
    }

    /**
     * Adds ({@code add}) or removes tags on the caller's connection and returns the document with its new tags;
     * empty when the tenant has no such document in {@code kbId}.
     */
    public Optional<DocumentStore.Document> retag(
            Connection c, UUID tenantId, UUID kbId, UUID docId, List<String> tags, boolean add) throws SQLException {
        String set = add
                ? "tags = tags || array(select x from unnest(?::text[]) x where not x = any(tags))"
                : "tags = array(select x from unnest(tags) x where not x = any(?::text[]))";
        return Db.one(
                c,
                "update documents set " + set
                        + " where tenant_id = ? and knowledge_base_id = ? and id = ? returning "
                        + DocumentStore.COLUMNS,
                DocumentStore::map,
                new Db.SqlArray("text", tags),
                tenantId,
                kbId,
                docId);
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static String encode(Instant at, UUID id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 2) {
                throw new IllegalArgumentException("bad cursor");
            }
            dev.quire.platform.api.Instants.bounded(Instant.parse(parts[0]), "cursor is not valid");
            UUID.fromString(parts[1]);
            return Arrays.copyOf(parts, 2);
        } catch (RuntimeException e) {
            throw new dev.quire.platform.api.ApiException(400, "validation_failed", "cursor is not valid");
        }
    }
}
