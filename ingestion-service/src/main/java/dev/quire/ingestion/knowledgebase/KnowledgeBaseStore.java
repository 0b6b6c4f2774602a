package dev.quire.ingestion.knowledgebase;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Knowledge bases of a tenant. */
@ApplicationScoped
@RequiredArgsConstructor
public class KnowledgeBaseStore {
    /** A knowledge base with its document count and how many documents are in each status. */
    public record KnowledgeBase(
            UUID id,
            String name,
            String description,
            long documentCount,
            Map<String, Long> statusCounts,
            String embeddingModel,
            int dimension,
            String language,
            Chunking chunking,
            Instant createdAt) {}

    /** How a knowledge base's documents are cut: chunk size and overlap in the embedding model's word pieces. */
    public record Chunking(int maxTokens, int overlapTokens) {}

    private static final String SELECT = "select k.id, k.name, k.description, k.embedding_model, k.dimension,"
            + " k.created_at, (select coalesce(jsonb_object_agg(status, n), '{}')::text from (select d.status,"
            + " count(*) n from documents d where d.knowledge_base_id = k.id and d.tenant_id = k.tenant_id"
            + " group by d.status) s), k.language, k.chunk_max_tokens, k.chunk_overlap_tokens from knowledge_bases k where k.tenant_id = ?";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Db db;

    /** Inserts a knowledge base on the caller's connection, so an outbox row can join its transaction. */
    public UUID insert(
            Connection c,
            UUID tenantId,
            String name,
            String description,
            String model,
            int dimension,
            String language,
            Chunking chunking)
            throws SQLException {
        UUID id = UUID.randomUUID();
        Db.update(
                c,
                "insert into knowledge_bases(id, tenant_id, name, description,"
                        + " embedding_model, dimension, language, chunk_max_tokens, chunk_overlap_tokens)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                tenantId,
                name,
                description,
                model,
                dimension,
                language,
                chunking.maxTokens(),
                chunking.overlapTokens());
        return id;
    }

    /** Changes name, description and chunking on the caller's connection (null keeps a field); false if absent. */
    public boolean update(Connection c, UUID tenantId, UUID id, String name, String description, Chunking chunking)
            throws SQLException {
        return Db.update(
                        c,
                        "update knowledge_bases set name = coalesce(?, name),"
                                + " description = coalesce(?, description),"
                                + " chunk_max_tokens = coalesce(?, chunk_max_tokens),"
                                + " chunk_overlap_tokens = coalesce(?, chunk_overlap_tokens)"
                                + " where tenant_id = ? and id = ?",
                        name,
                        description,
                        chunking == null ? null : chunking.maxTokens(),
                        chunking == null ? null : chunking.overlapTokens(),
                        tenantId,
                        id)
                == 1;
    }

    /**
     * Deletes a knowledge base with its documents on the caller's connection and returns their blobs (to delete after
     * the commit); empty when the tenant has no such knowledge base.
     */
    public Optional<List<UUID>> delete(Connection c, UUID tenantId, UUID id) throws SQLException {
        List<UUID> blobs = Db.list(
                c,
                "select blob_id from documents where tenant_id = ? and knowledge_base_id = ? for update",
                rs -> rs.getObject(1, UUID.class),
                tenantId,
                id);
        return Db.update(c, "delete from knowledge_bases where tenant_id = ? and id = ?", tenantId, id) > 0
                ? Optional.of(blobs)
                : Optional.empty();
    }

    public Optional<KnowledgeBase> find(UUID tenantId, UUID id) {
        return db.inTenant(tenantId, c -> Db.one(c, SELECT + " and k.id = ?", KnowledgeBaseStore::map, tenantId, id));
    }

    /** Those of {@code ids} that are knowledge bases of the tenant. */
    public List<UUID> owned(UUID tenantId, Collection<UUID> ids) {
        return db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select id from knowledge_bases where tenant_id = ? and id = any(?)",
                        rs -> Db.uuid(rs, "id"),
                        tenantId,
                        new Db.SqlArray("uuid", ids)));
    }

    /** The tenant's knowledge base if this caller's token may see it; otherwise 404, whatever the role. */
    public KnowledgeBase visibleTo(Caller caller, UUID kbId) {
        return find(caller.tenantId(), kbId)
                .filter(kb -> caller.canSee(kb.id()))
                .orElseThrow(() -> ApiException.notFound("knowledge base"));
    }

    /** The newest knowledge bases created before {@code before}; {@code only} (null: all) narrows them in SQL. */
    public List<KnowledgeBase> list(UUID tenantId, int limit, Instant before, Collection<UUID> only) {
        return db.inTenant(tenantId, c -> {
            var args = new ArrayList<Object>();
            args.add(tenantId);
            args.add(java.sql.Timestamp.from(before));
            if (only != null) {
                args.add(new Db.SqlArray("uuid", only));
            }
            args.add(limit);
            return Db.list(
                    c,
                    SELECT + " and k.created_at < ?"
                            + (only == null ? "" : " and k.id = any(?)")
                            + " order by k.created_at desc limit ?",
                    KnowledgeBaseStore::map,
                    args.toArray());
        });
    }

    private static KnowledgeBase map(ResultSet rs) throws SQLException {
        Map<String, Long> counts;
        try {
            counts = JSON.readValue(rs.getString(7), new TypeReference<TreeMap<String, Long>>() {});
        } catch (Exception e) {
            throw new SQLException("bad status counts", e);
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new KnowledgeBase(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                total,
                counts,
                rs.getString(4),
                rs.getInt(5),
                rs.getString(8),
                new Chunking(rs.getInt(9), rs.getInt(10)),
                rs.getTimestamp(6).toInstant());
    }
}
