package dev.quire.connector.sync;

import dev.quire.platform.db.Db;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** A connector's source items (one row each: its document, last version sent) and its listing checkpoint. */
@ApplicationScoped
public class ItemStore {
    /** An item the connector has sent before. */
    public record Known(String itemId, UUID documentId, String version, String name, String url) {}

    /** Where a listing stopped: its generation and the cursor after the last finished page (null: start). */
    public record Checkpoint(UUID generation, String cursor) {}

    /** The select of the item columns {@link #map} reads. */
    private static final String SELECT_KNOWN = "select item_id, document_id, version, name, url from items";

    public Optional<Known> find(Connection c, UUID tenantId, UUID connectorId, String itemId) throws SQLException {
        return Db.one(
                c,
                SELECT_KNOWN + " where tenant_id = ? and connector_id = ? and item_id = ?",
                ItemStore::map,
                tenantId,
                connectorId,
                itemId);
    }

    /** Records the version just sent (a new item gets its document id here, once). */
    public void upsert(
            Connection c,
            UUID tenantId,
            UUID connectorId,
            String itemId,
            UUID documentId,
            String version,
            String name,
            String url,
            String accessJson,
            String memo,
            UUID generation)
            throws SQLException {
        Db.update(
                c,
                "insert into items(connector_id, item_id, tenant_id, document_id, version, name, url, access,"
                        + " memo, seen_generation) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
                        + " on conflict (connector_id, item_id) do update set version = excluded.version,"
                        + " memo = excluded.memo,"
                        + " name = excluded.name, url = excluded.url, access = excluded.access,"
                        + " seen_generation = excluded.seen_generation, updated_at = now()",
                connectorId,
                itemId,
                tenantId,
                documentId,
                version,
                name,
                url,
                accessJson,
                memo,
                generation);
    }

    /** Marks items as present in this listing generation (so pruning keeps them). */
    /** The stored version and memo of an item (what a type may use for a conditional fetch). */
    public Optional<dev.quire.connector.source.SourceConnector.Prior> prior(
            Connection c, UUID tenantId, UUID connectorId, String itemId) throws SQLException {
        return Db.one(
                c,
                "select version, memo from items where tenant_id = ? and connector_id = ? and item_id = ?",
                rs -> new dev.quire.connector.source.SourceConnector.Prior(rs.getString(1), rs.getString(2)),
                tenantId,
                connectorId,
                itemId);
    }

    public void markSeen(Connection c, UUID tenantId, UUID connectorId, Collection<String> itemIds, UUID generation)
            throws SQLException {
        if (itemIds.isEmpty()) {
            return;
        }
        Db.update(
                c,
                "update items set seen_generation = ? where tenant_id = ? and connector_id = ? and item_id = any(?)",
                generation,
                tenantId,
                connectorId,
                new Db.SqlArray("text", itemIds));
    }

    /** Items a complete listing of {@code generation} did not see: gone from the source. */
    public List<Known> unseen(Connection c, UUID tenantId, UUID connectorId, UUID generation) throws SQLException {
        return Db.list(
                c,
                SELECT_KNOWN + " where tenant_id = ? and connector_id = ? and seen_generation is distinct from ?"
                        + " order by item_id",
                ItemStore::map,
                tenantId,
                connectorId,
                generation);
    }

    /**
     * Every item of a connector, on a Hibernate Reactive session: a connector deleted with its documents says so for
     * each item in the transaction that deletes the connector (an entity there).
     */
    public Uni<List<Known>> all(Mutiny.Session s, UUID tenantId, UUID connectorId) {
        return s.createNativeQuery(
                        SELECT_KNOWN + " where tenant_id = :tenant and connector_id = :connector", Object[].class)
                .setParameter("tenant", tenantId)
                .setParameter("connector", connectorId)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(r -> new Known((String) r[0], (UUID) r[1], (String) r[2], (String) r[3], (String) r[4]))
                        .toList());
    }

    /**
     * Ingestion refused this version of the item: a new item is forgotten (it never became a document), a changed one
     * loses its version so the next run fetches and sends it again. A newer version sent meanwhile is left alone.
     */
    public void forgetRefused(
            Connection c, UUID tenantId, UUID connectorId, String itemId, String version, boolean documentExisted)
            throws SQLException {
        Db.update(
                c,
                documentExisted
                        ? "update items set version = '' where tenant_id = ? and connector_id = ? and item_id = ?"
                                + " and version = ?"
                        : "delete from items where tenant_id = ? and connector_id = ? and item_id = ? and version = ?",
                tenantId,
                connectorId,
                itemId,
                version);
    }

    public void delete(Connection c, UUID tenantId, UUID connectorId, String itemId) throws SQLException {
        Db.update(
                c,
                "delete from items where tenant_id = ? and connector_id = ? and item_id = ?",
                tenantId,
                connectorId,
                itemId);
    }

    public Optional<Checkpoint> checkpoint(Connection c, UUID tenantId, UUID connectorId) throws SQLException {
        return Db.one(
                c,
                "select generation, cursor from checkpoints where tenant_id = ? and connector_id = ?",
                rs -> new Checkpoint(Db.uuid(rs, "generation"), rs.getString("cursor")),
                tenantId,
                connectorId);
    }

    public void saveCheckpoint(Connection c, UUID tenantId, UUID connectorId, Checkpoint cp) throws SQLException {
        Db.update(
                c,
                "insert into checkpoints(connector_id, tenant_id, generation, cursor) values (?, ?, ?, ?)"
                        + " on conflict (connector_id) do update set generation = excluded.generation,"
                        + " cursor = excluded.cursor, updated_at = now()",
                connectorId,
                tenantId,
                cp.generation(),
                cp.cursor());
    }

    public void clearCheckpoint(Connection c, UUID tenantId, UUID connectorId) throws SQLException {
        Db.update(c, "delete from checkpoints where tenant_id = ? and connector_id = ?", tenantId, connectorId);
    }

    static Known map(java.sql.ResultSet rs) throws SQLException {
        return new Known(
                rs.getString("item_id"),
                Db.uuid(rs, "document_id"),
                rs.getString("version"),
                rs.getString("name"),
                rs.getString("url"));
    }
}
