package dev.quire.connector.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.connector.config.ConnectorsConfig;
import dev.quire.connector.connector.Connector;
import dev.quire.connector.connector.Connectors;
import dev.quire.connector.crypto.CredentialCipher;
import dev.quire.connector.plan.PlanLimits;
import dev.quire.connector.source.ConnectorTypes;
import dev.quire.connector.source.SourceConnector;
import dev.quire.connector.source.SourceConnector.Content;
import dev.quire.connector.source.SourceConnector.Item;
import dev.quire.connector.source.SourceConnector.SourceException;
import dev.quire.connector.staging.StagedStore;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.ConnectorItemSynced;
import dev.quire.platform.db.Db;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.platform.events.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * Runs one claimed sync: lists the source page by page after the checkpoint, sends new and changed items (and only
 * those) to ingestion on {@code connector.item} through the outbox, saves the checkpoint after each page, and prunes
 * items a complete listing did not see — never after a failed listing. One bad item is a per-item error, never the
 * run's failure. One class because these steps share the run's state (counts, generation, session) and the order
 * between them is what makes resumption and pruning safe.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class SyncJob {
    private static final Logger LOG = Logger.getLogger(SyncJob.class);
    /** Failed runs in a row after which a connector is flagged for its admins and its schedule stops. */
    public static final int FLAG_AFTER_FAILURES = 3;

    private final Db db;
    private final Connectors connectors;
    private final RunStore runs;
    private final ItemStore items;
    private final ConnectorTypes types;
    private final CredentialCipher cipher;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final ConnectorsConfig connectorsConfig;
    private final PlanLimits plans;
    private final StagedStore staged;

    /** Counts of the run in progress, and the plan's limits it runs under. */
    private static final class Tally {
        int seen, added, updated, deleted, failed;
        PlanLimits.Limits limits = PlanLimits.Limits.NONE;

        RunStore.Counts counts() {
            return new RunStore.Counts(seen, added, updated, deleted, failed);
        }
    }

    /**
     * Why this connector may not run under the tenant's plan now, or null: after a change to a plan with fewer
     * connectors the oldest ones keep running and the newer ones fail visibly (deleting one, or the plan again, lets
     * them run), so a downgrade does not keep syncing what the plan no longer allows.
     */
    private String beyondPlan(UUID tenant, Connector conn, Integer maxConnectors) {
        if (maxConnectors == null) {
            return null;
        }
        List<Connector> all =
                ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(tenant, s -> connectors.ofTenant(tenant)));
        int rank = 0;
        while (rank < all.size() && !all.get(rank).id.equals(conn.id)) {
            rank++;
        }
        return rank < maxConnectors
                ? null
                : "plan_limit: the plan allows " + maxConnectors + " connector" + (maxConnectors == 1 ? "" : "s")
                        + " and this one is newer than those; delete a connector or change the plan";
    }

    /**
     * Runs the claimed sync to its end; {@code keep} turns false when the lease was lost or the replica stops (the
     * run then ends without touching its status: the reaper or the shutdown marks it INTERRUPTED).
     */
    public void run(Leases.Claim claim, BooleanSupplier keep) {
        UUID tenant = claim.tenantId();
        Tally n = new Tally();
        db.inTenant(tenant, c -> {
            runs.start(c, tenant, claim.runId());
            return null;
        });
        Connector conn = ReactiveTenantTx.await(
                () -> ReactiveTenantTx.inTenant(tenant, s -> connectors.inTenant(tenant, claim.connectorId())));
        if (conn == null) {
            end(claim, RunStatus.CANCELLED, n, "the connector was deleted");
            return;
        }
        try {
            n.limits = plans.of(tenant);
        } catch (PlanLimits.UnavailableException e) {
            end(claim, RunStatus.FAILED, n, "plan_unavailable: " + e.getMessage());
            return;
        }
        String beyond = beyondPlan(tenant, conn, n.limits.maxConnectors());
        if (beyond != null) {
            end(claim, RunStatus.FAILED, n, beyond);
            return;
        }
        boolean full = db.inTenant(tenant, c -> runs.find(c, tenant, claim.runId()))
                .map(RunStore.Run::full)
                .orElse(false);
        SourceConnector type = types.find(conn.type).orElse(null);
        if (type == null) {
            end(claim, RunStatus.FAILED, n, "connector type " + conn.type + " is not available here");
            return;
        }
        JsonNode config;
        JsonNode credentials;
        try {
            config = json.readTree(conn.config);
            credentials = json.readTree(cipher.open(conn.id.toString(), conn.credentials()));
        } catch (CredentialCipher.SealException | IOException e) {
            end(claim, RunStatus.FAILED, n, "credentials could not be opened: " + e.getMessage());
            return;
        }
        var cp = full
                ? Optional.<ItemStore.Checkpoint>empty()
                : db.inTenant(tenant, c -> items.checkpoint(c, tenant, conn.id));
        UUID generation = cp.map(ItemStore.Checkpoint::generation).orElseGet(UUID::randomUUID);
        String cursor = cp.map(ItemStore.Checkpoint::cursor).orElse(null);
        var window = new SourceConnector.Window(lastGoodStart(tenant, conn.id, full), Instant.now());
        SourceConnector.Known known = itemId -> db.inTenant(tenant, c -> items.prior(c, tenant, conn.id, itemId));
        boolean fullListing = false;
        String resumeFrom = null;
        try (var session = type.open(config, credentials, known)) {
            do {
                if (!keep.getAsBoolean()) {
                    return;
                }
                var page = session.list(cursor, window);
                fullListing |= page.fullListing();
                List<String> unchanged = new ArrayList<>();
                for (Item item : page.items()) {
                    if (!keep.getAsBoolean()) {
                        return;
                    }
                    n.seen++;
                    item(claim, conn, type, session, item, generation, unchanged, n);
                }
                String next = page.nextCursor();
                // a change feed's last page says where the next run starts: kept as its checkpoint (a new
                // generation, so a later full listing does not count this run's items as seen)
                String resume = next == null ? page.resumeFrom() : null;
                resumeFrom = resume;
                var checkpoint = resume != null
                        ? new ItemStore.Checkpoint(UUID.randomUUID(), resume)
                        : new ItemStore.Checkpoint(generation, next);
                db.inTenant(tenant, c -> {
                    forgetDeleted(c, tenant, conn, page.deletedIds(), n);
                    items.markSeen(c, tenant, conn.id, unchanged, generation);
                    items.saveCheckpoint(c, tenant, conn.id, checkpoint);
                    runs.progress(c, tenant, claim.runId(), n.counts());
                    return null;
                });
                cursor = next;
            } while (cursor != null);
        } catch (SourceException e) {
            end(claim, RunStatus.FAILED, n, e.code() + ": " + e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            LOG.warnf(
                    "connector %s run %s failed: %s",
                    conn.id, claim.runId(), e.getClass().getSimpleName());
            end(claim, RunStatus.FAILED, n, "the listing failed: " + reason(e));
            return;
        }
        if (type.capabilities().completeListing() || fullListing) {
            prune(claim, conn, generation, n);
        }
        if (resumeFrom == null) {
            db.inTenant(tenant, c -> {
                items.clearCheckpoint(c, tenant, conn.id);
                return null;
            });
        }
        end(claim, n.failed > 0 ? RunStatus.COMPLETED_WITH_ERRORS : RunStatus.SUCCEEDED, n, null);
    }

    private void item(
            Leases.Claim claim,
            Connector conn,
            SourceConnector type,
            SourceConnector.Session session,
            Item item,
            UUID generation,
            List<String> unchanged,
            Tally n) {
        UUID tenant = claim.tenantId();
        Optional<ItemStore.Known> known = db.inTenant(tenant, c -> items.find(c, tenant, conn.id, item.id()));
        if (known.isPresent()
                && item.version() != null
                && item.version().equals(known.get().version())) {
            unchanged.add(item.id()); // neither fetched nor sent again
            return;
        }
        try {
            long cap = itemCap(n.limits);
            if (item.sizeBytes() > cap) {
                throw tooLarge(item.sizeBytes(), cap, n.limits);
            }
            Content content = fetchWithRetry(
                    type.type(),
                    session,
                    item,
                    known.map(ItemStore.Known::version).orElse(null));
            String version = content.version() != null ? content.version() : item.version();
            if (content.unchanged()
                    || (known.isPresent() && known.get().version().equals(version))) {
                unchanged.add(item.id());
                return;
            }
            if (content.bytes().length > cap) {
                throw tooLarge(content.bytes().length, cap, n.limits);
            }
            if (content.bytes().length == 0) {
                throw new SourceException("empty", "the item has no content");
            }
            UUID documentId = known.map(ItemStore.Known::documentId).orElseGet(UUID::randomUUID);
            // bytes too large for a Kafka record wait in connector-service until ingestion fetched them
            boolean inline = content.bytes().length <= connectorsConfig.inlineItemBytes();
            UUID stagedId = inline ? null : UUID.randomUUID();
            db.inTenant(tenant, c -> {
                if (!inline) {
                    staged.put(c, tenant, conn.id, stagedId, content.bytes());
                }
                outbox.add(
                        c,
                        Topics.CONNECTOR_ITEM,
                        Topics.documentKey(tenant, documentId),
                        new ConnectorItemSynced(
                                UUID.randomUUID(),
                                tenant,
                                Instant.now(),
                                conn.id,
                                type.type(),
                                conn.knowledgeBaseId,
                                documentId,
                                item.id(),
                                version,
                                false,
                                item.name(),
                                content.contentType(),
                                item.url(),
                                item.modifiedAt(),
                                item.access(),
                                inline ? content.bytes() : null,
                                claim.runId(),
                                content.bytes().length,
                                stagedId,
                                new ConnectorItemSynced.Quota(n.limits.maxDocuments(), n.limits.maxStorageMb())));
                items.upsert(
                        c,
                        tenant,
                        conn.id,
                        item.id(),
                        documentId,
                        version,
                        item.name(),
                        item.url(),
                        accessJson(item),
                        content.memo(),
                        generation);
                return null;
            });
            if (known.isPresent()) {
                n.updated++;
            } else {
                n.added++;
            }
        } catch (IOException | RuntimeException e) {
            n.failed++;
            if (known.isPresent()) {
                unchanged.add(item.id()); // still in the source: its last good version stays, it is not pruned
            }
            String code = e instanceof SourceException se ? se.code() : "item_failed";
            String message = e instanceof SourceException ? e.getMessage() : reason(e);
            db.inTenant(tenant, c -> {
                runs.addError(
                        c,
                        tenant,
                        claim.runId(),
                        new RunStore.ItemError(item.id(), item.name(), item.url(), code, message, null));
                return null;
            });
        }
    }

    /** The largest item this run sends: the plan's upload limit (as for an upload), within the service's own cap. */
    private long itemCap(PlanLimits.Limits limits) {
        long maxItemBytes = connectorsConfig.maxItemBytes();
        return limits.maxUploadMb() == null
                ? maxItemBytes
                : Math.min(maxItemBytes, limits.maxUploadMb() * 1024L * 1024L);
    }

    private SourceException tooLarge(long size, long cap, PlanLimits.Limits limits) {
        boolean plan = limits.maxUploadMb() != null && cap < connectorsConfig.maxItemBytes();
        return new SourceException(
                "too_large",
                "the item has " + size + " bytes; "
                        + (plan
                                ? "this plan's uploads are limited to " + limits.maxUploadMb() + " MB"
                                : "connectors send items of at most " + cap + " bytes"));
    }

    private String accessJson(Item item) {
        try {
            return json.writeValueAsString(item.access());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A transient failure (unreachable, throttled, 5xx) is tried again with a clamped back-off before it counts. */
    private Content fetchWithRetry(String type, SourceConnector.Session session, Item item, String knownVersion)
            throws IOException {
        int attempt = 0;
        while (true) {
            try {
                // counted per attempt: "unchanged items are not fetched" is checked against this counter
                meters.counter("quire.connector.fetches", "type", type).increment();
                return session.fetch(item, knownVersion);
            } catch (SourceException e) {
                boolean transient_ =
                        e.code().equals("source_unreachable") || e.code().equals("throttled");
                if (!transient_ || ++attempt >= 3) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(30_000L, 500L << attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Items a change feed reported deleted: their documents go now, without waiting for a complete listing. */
    private void forgetDeleted(Connection c, UUID tenant, Connector conn, List<String> deletedIds, Tally n)
            throws SQLException {
        for (String id : deletedIds) {
            Optional<ItemStore.Known> k = items.find(c, tenant, conn.id, id);
            if (k.isPresent()) {
                sendDeleted(c, tenant, conn, k.get());
                items.delete(c, tenant, conn.id, id);
                n.deleted++;
            }
        }
    }

    /** After a complete listing: every item it did not see is gone from the source, and its document with it. */
    private void prune(Leases.Claim claim, Connector conn, UUID generation, Tally n) {
        UUID tenant = claim.tenantId();
        db.inTenant(tenant, c -> {
            for (ItemStore.Known k : items.unseen(c, tenant, conn.id, generation)) {
                sendDeleted(c, tenant, conn, k);
                items.delete(c, tenant, conn.id, k.itemId());
                n.deleted++;
            }
            return null;
        });
    }

    /** Tells ingestion a connector item's document is to go (a vanished item, or a connector deleted with them). */
    private void sendDeleted(Connection c, UUID tenant, Connector conn, ItemStore.Known k) throws SQLException {
        outbox.add(c, Topics.CONNECTOR_ITEM, Topics.documentKey(tenant, k.documentId()), deleted(tenant, conn, k));
    }

    /** The record telling ingestion that a connector item's document is to go. */
    public static ConnectorItemSynced deleted(UUID tenant, Connector conn, ItemStore.Known k) {
        return ConnectorItemSynced.deleted(
                tenant,
                conn.id,
                conn.type,
                conn.knowledgeBaseId,
                k.documentId(),
                k.itemId(),
                k.version(),
                k.name(),
                k.url());
    }

    /** The start of the last good run less the overlap, so successive windows overlap; null (all) for a full run. */
    private Instant lastGoodStart(UUID tenant, UUID connectorId, boolean full) {
        if (full) {
            return null;
        }
        return db.inTenant(tenant, c -> Db.one(
                        c,
                        "select started_at from sync_runs where tenant_id = ? and connector_id = ?"
                                + " and status in ('SUCCEEDED', 'COMPLETED_WITH_ERRORS')"
                                + " order by started_at desc limit 1",
                        rs -> Db.instant(rs, "started_at"),
                        tenant,
                        connectorId)
                .map(t -> t.minus(connectorsConfig.windowOverlap()))
                .orElse(null));
    }

    private void end(Leases.Claim claim, RunStatus status, Tally n, String error) {
        UUID tenant = claim.tenantId();
        db.inTenant(tenant, c -> {
            if (!runs.finish(c, tenant, claim.runId(), status, n.counts(), error)) {
                return null;
            }
            if (status == RunStatus.FAILED) {
                int failures = Db.one(
                                c,
                                "update connectors set consecutive_failures = consecutive_failures + 1"
                                        + " where tenant_id = ? and id = ? returning consecutive_failures",
                                rs -> rs.getInt(1),
                                tenant,
                                claim.connectorId())
                        .orElse(0);
                if (failures >= FLAG_AFTER_FAILURES) {
                    // flagged for its admins (the API shows it); the schedule stops until someone edits or syncs it
                    Db.update(
                            c,
                            "delete from schedules where tenant_id = ? and connector_id = ?",
                            tenant,
                            claim.connectorId());
                }
            } else if (status != RunStatus.CANCELLED) {
                Db.update(
                        c,
                        "update connectors set consecutive_failures = 0 where tenant_id = ? and id = ?",
                        tenant,
                        claim.connectorId());
            }
            return null;
        });
    }

    /** What an admin reads for a failure that is not the source's own refusal: never an exception's class name. */
    private static String reason(Exception e) {
        return e instanceof IOException ? SourceException.why(e) : "an internal error (in connector-service's log)";
    }
}
