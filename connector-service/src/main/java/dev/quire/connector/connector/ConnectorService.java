package dev.quire.connector.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.connector.crypto.CredentialCipher;
import dev.quire.connector.source.ConnectorTypes;
import dev.quire.connector.source.SourceConnector;
import dev.quire.connector.sync.ItemStore;
import dev.quire.connector.sync.RunStatus;
import dev.quire.connector.sync.RunStore;
import dev.quire.connector.sync.SyncJob;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.db.Db;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.platform.events.EventPublisher;
import dev.quire.platform.events.Outbox;
import dev.quire.platform.events.ReactiveOutbox;
import dev.quire.platform.runtime.TraceContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What the connector API does, each change in one tenant transaction with its audit event: create, edit and delete
 * connectors (credentials sealed on the way in, never out), queue syncs, read runs and their per-item errors. The
 * connector itself is a Hibernate Reactive entity ({@link Connectors}); its runs are the run machinery's plain SQL over
 * JDBC. One class over 200 lines because every route shares the same checks (the tenant wall, the knowledge-base
 * filter, the body's validation) and the order between check, change and audit event is the point of each method.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ConnectorService {
    /** A connector as the API shows it: never its credentials, only whether some are stored. */
    public record View(
            UUID id,
            String type,
            String name,
            UUID knowledgeBaseId,
            @Schema(implementation = java.util.Map.class, description = "the type's settings (never its credentials)")
                    JsonNode config,
            boolean hasCredentials,
            Schedule schedule,
            boolean paused,
            boolean flagged,
            int consecutiveFailures,
            RunStore.Run lastRun,
            Instant createdAt,
            Instant updatedAt) {}

    /** How often a connector syncs on its own (null: only on demand). */
    public record Schedule(Integer intervalMinutes) {}

    static final int MAX_NAME = 200;
    static final int MIN_INTERVAL = 5;
    static final int MAX_INTERVAL = 7 * 24 * 60;

    private final Db db;
    private final Connectors connectors;
    private final RunStore runs;
    private final ItemStore items;
    private final ConnectorTypes types;
    private final CredentialCipher cipher;
    private final Outbox outbox;
    private final EventPublisher publisher;
    private final ObjectMapper json;
    private final KnowledgeBases knowledgeBases;

    public List<View> list(Caller caller) {
        var visible = await(caller, s -> connectors.ofTenant(caller.tenantId())).stream()
                .filter(r -> caller.canSee(r.knowledgeBaseId))
                .toList();
        return views(caller, visible);
    }

    public View get(Caller caller, UUID id) {
        Connector r = await(caller, s -> require(caller, id));
        return views(caller, List.of(r)).get(0);
    }

    /** A new connector into one of the caller's knowledge bases ({@code rawToken}: the caller's, to ask ingestion). */
    public View create(Caller caller, String rawToken, Integer maxConnectors, String ip, JsonNode body) {
        requireObject(body, "the body");
        SourceConnector type = types.require(requiredText(body, "type", 64));
        String name = name(requiredText(body, "name", MAX_NAME));
        UUID kb = uuid(requiredText(body, "knowledgeBaseId", 64), "knowledgeBaseId");
        if (!caller.canSee(kb)) {
            throw ApiException.notFound("knowledge base");
        }
        JsonNode config = objectOrEmpty(body, "config");
        JsonNode credentials = objectOrEmpty(body, "credentials");
        type.validate(config, credentials);
        Integer interval = interval(body.get("schedule"));
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("type", "name", "knowledgeBaseId", "config", "credentials", "schedule")
                    .contains(f)) {
                throw ApiException.validation(f + " is not a known field");
            }
        }
        knowledgeBases.requireOwn(rawToken, kb); // the body is valid: only now ask ingestion-service
        var r = new Connector();
        r.id = UUID.randomUUID();
        r.tenantId = caller.tenantId();
        r.type = type.type();
        r.name = name;
        r.knowledgeBaseId = kb;
        r.config = config.toString();
        r.seal(seal(r, credentials));
        r.intervalMinutes = interval;
        r.createdAt = Connector.now();
        r.updatedAt = r.createdAt;
        var trace = TraceContext.current();
        await(caller, s -> connectors
                .lockAndCount(s, caller.tenantId())
                .chain(count -> {
                    if (maxConnectors != null && count >= maxConnectors) {
                        throw new ApiException(
                                403,
                                "quota_exceeded",
                                "the plan allows " + maxConnectors + " connectors; delete one or"
                                        + " upgrade the plan");
                    }
                    return connectors.nameTaken(caller.tenantId(), name, r.id);
                })
                .chain(taken -> {
                    if (taken) {
                        throw new ApiException(409, "conflict", "a connector named '" + name + "' exists");
                    }
                    return connectors.persistAndFlush(r);
                })
                .chain(() -> connectors.schedule(s, r))
                .chain(() -> audit(
                        s, trace, caller, ip, "connector.create", r.id, Map.of("type", type.type(), "name", name))));
        return view(r, null);
    }

    public View update(Caller caller, String ip, UUID id, JsonNode body) {
        requireObject(body, "the body");
        var trace = TraceContext.current();
        var r = await(caller, s -> require(caller, id).chain(found -> {
            var edit = edit(found, body);
            return connectors.nameTaken(caller.tenantId(), edit.name(), id).chain(taken -> {
                if (taken) {
                    throw new ApiException(409, "conflict", "a connector named '" + edit.name() + "' exists");
                }
                edit.applyTo(found);
                var changed = new java.util.ArrayList<String>();
                body.fieldNames().forEachRemaining(changed::add);
                return connectors
                        .schedule(s, found)
                        .chain(() -> audit(s, trace, caller, ip, "connector.update", id, Map.of("fields", changed)))
                        .replaceWith(found);
            });
        }));
        return views(caller, List.of(r)).get(0);
    }

    /** A connector's changed fields, validated against its type before anything is written. */
    private record Edit(
            String name,
            String config,
            boolean credentialsSent,
            CredentialCipher.Sealed sealed,
            Integer interval,
            boolean paused) {
        void applyTo(Connector r) {
            r.name = name;
            r.config = config;
            if (credentialsSent) {
                r.seal(sealed);
            }
            r.intervalMinutes = interval;
            r.paused = paused;
            r.updatedAt = Connector.now();
        }
    }

    private Edit edit(Connector r, JsonNode body) {
        SourceConnector type = types.require(r.type);
        String name = body.has("name") ? name(requiredText(body, "name", MAX_NAME)) : r.name;
        JsonNode config = body.has("config") ? objectOrEmpty(body, "config") : tree(r.config);
        CredentialCipher.Sealed sealed = null;
        JsonNode credentials = null;
        if (body.has("credentials")) {
            credentials = objectOrEmpty(body, "credentials");
            sealed = seal(r, credentials);
        } else if (body.has("config")) {
            credentials = tree(openCredentials(r));
        }
        if (credentials != null) {
            type.validate(config, credentials);
        }
        Integer interval = body.has("schedule") ? interval(body.get("schedule")) : r.intervalMinutes;
        boolean paused = r.paused;
        if (body.has("paused")) {
            if (!body.get("paused").isBoolean()) {
                throw ApiException.validation("paused must be true or false");
            }
            paused = body.get("paused").asBoolean();
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("name", "config", "credentials", "schedule", "paused").contains(f)) {
                throw ApiException.validation(f + " is not a known field (type and knowledgeBaseId are fixed)");
            }
        }
        return new Edit(name, config.toString(), body.has("credentials"), sealed, interval, paused);
    }

    /** Deletes the connector; with {@code documents} its items' documents go too (through ingestion). */
    public void delete(Caller caller, String ip, UUID id, boolean documents) {
        UUID tenant = caller.tenantId();
        var trace = TraceContext.current();
        await(caller, s -> require(caller, id).chain(r -> {
            Uni<List<ItemStore.Known>> gone =
                    documents ? items.all(s, tenant, id) : Uni.createFrom().item(List.of());
            return gone.chain(known -> {
                Uni<Void> sent = Uni.createFrom().voidItem();
                for (var k : known) {
                    sent = sent.chain(() -> ReactiveOutbox.add(
                            s,
                            publisher,
                            Topics.CONNECTOR_ITEM,
                            Topics.documentKey(tenant, k.documentId()),
                            SyncJob.deleted(tenant, r, k),
                            trace));
                }
                return sent.chain(() -> connectors.deleteInTenant(tenant, id))
                        .chain(() -> audit(
                                s,
                                trace,
                                caller,
                                ip,
                                "connector.delete",
                                id,
                                Map.of("name", r.name, "documentsDeleted", known.size())));
            });
        }));
    }

    /*
     * Runs, their queue and their errors are the run machinery's plain SQL (JDBC): these check the connector on its
     * entity first, in a transaction of their own. A connector deleted in between leaves nothing to act on: its runs
     * went with it (a run not found is 404), and a sync holds the connector's row while it queues the run (404 once it is gone).
     */

    public UUID sync(Caller caller, String ip, UUID id, boolean full) {
        var r = await(caller, s -> require(caller, id));
        if (r.paused) {
            throw new ApiException(409, "connector_paused", "the connector is paused; resume it first");
        }
        return db.inTenant(caller.tenantId(), c -> {
            // the connector may have been deleted since the check: held for this transaction, or 404 (not a foreign
            // key failure's 500)
            if (Db.one(
                            c,
                            "select 1 from connectors where tenant_id = ? and id = ? for share",
                            x -> 1,
                            caller.tenantId(),
                            id)
                    .isEmpty()) {
                throw ApiException.notFound("connector");
            }
            UUID run = runs.enqueue(c, caller.tenantId(), id, full, "manual");
            audit(c, caller, ip, "connector.sync", id, Map.of("runId", run.toString(), "full", full));
            return run;
        });
    }

    /**
     * Cancels a queued or running run: it is CANCELLED at once (the worker running it notices at its next heartbeat
     * and stops before its next item), its checkpoint stays, so the next run resumes where this one stopped.
     */
    public RunStore.Run cancel(Caller caller, String ip, UUID id, UUID runId) {
        await(caller, s -> require(caller, id));
        return db.inTenant(caller.tenantId(), c -> {
            var run = runOf(c, caller, id, runId);
            Db.update(c, "delete from run_queue where tenant_id = ? and run_id = ?", caller.tenantId(), runId);
            if (!runs.finish(c, caller.tenantId(), runId, RunStatus.CANCELLED, "cancelled by an admin")) {
                throw new ApiException(
                        409,
                        "run_finished",
                        "the run has already ended (" + run.status() + "); only a queued or running run can be"
                                + " cancelled");
            }
            audit(c, caller, ip, "connector.cancel", id, Map.of("runId", runId.toString()));
            return runs.find(c, caller.tenantId(), runId).orElseThrow();
        });
    }

    public List<RunStore.Run> runs(Caller caller, UUID id, int limit) {
        await(caller, s -> require(caller, id));
        return db.inTenant(caller.tenantId(), c -> runs.list(c, caller.tenantId(), id, limit));
    }

    public List<RunStore.ItemError> errors(Caller caller, UUID id, UUID runId, int limit) {
        await(caller, s -> require(caller, id));
        return db.inTenant(caller.tenantId(), c -> {
            runOf(c, caller, id, runId);
            return runs.errors(c, caller.tenantId(), runId, limit);
        });
    }

    private RunStore.Run runOf(Connection c, Caller caller, UUID id, UUID runId) throws SQLException {
        var run = runs.find(c, caller.tenantId(), runId);
        if (run.isEmpty() || !run.get().connectorId().equals(id)) {
            throw ApiException.notFound("run");
        }
        return run.get();
    }

    /** Reactive work in one transaction under the caller's tenant wall, waited for (the API is blocking). */
    private static <T> T await(Caller caller, Function<Mutiny.Session, Uni<T>> work) {
        return ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(caller.tenantId(), work));
    }

    /** The caller's connector; another tenant's, or one of a knowledge base the caller may not see, is 404. */
    private Uni<Connector> require(Caller caller, UUID id) {
        return connectors.inTenant(caller.tenantId(), id).map(r -> {
            if (r == null || !caller.canSee(r.knowledgeBaseId)) {
                throw ApiException.notFound("connector");
            }
            return r;
        });
    }

    /** Views of connectors with their latest runs (the runs' plain SQL, one JDBC transaction for all). */
    private List<View> views(Caller caller, List<Connector> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return db.inTenant(caller.tenantId(), c -> {
            var out = new ArrayList<View>();
            for (var r : rows) {
                var last = runs.list(c, r.tenantId, r.id, 1);
                out.add(view(r, last.isEmpty() ? null : last.get(0)));
            }
            return out;
        });
    }

    private View view(Connector r, RunStore.Run lastRun) {
        return new View(
                r.id,
                r.type,
                r.name,
                r.knowledgeBaseId,
                tree(r.config),
                r.credentials() != null,
                new Schedule(r.intervalMinutes),
                r.paused,
                r.flagged(),
                r.consecutiveFailures,
                lastRun,
                r.createdAt,
                r.updatedAt);
    }

    private void audit(Connection c, Caller caller, String ip, String action, UUID id, Map<String, Object> detail)
            throws SQLException {
        outbox.add(c, Topics.AUDIT_RECORDED, caller.tenantId().toString(), audited(caller, ip, action, id, detail));
    }

    private Uni<Void> audit(
            Mutiny.Session s,
            TraceContext trace,
            Caller caller,
            String ip,
            String action,
            UUID id,
            Map<String, Object> detail) {
        return ReactiveOutbox.add(
                s,
                publisher,
                Topics.AUDIT_RECORDED,
                caller.tenantId().toString(),
                audited(caller, ip, action, id, detail),
                trace);
    }

    private static AuditRecorded audited(Caller caller, String ip, String action, UUID id, Map<String, Object> detail) {
        return new AuditRecorded(
                UUID.randomUUID(),
                caller.tenantId(),
                Instant.now(),
                caller.actor(),
                action,
                "connector",
                id.toString(),
                "success",
                ip,
                detail);
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored JSON value does not parse", e);
        }
    }

    /** Seals credentials; none ({@code {}}) are not stored, so the connector says it has none. */
    private CredentialCipher.Sealed seal(Connector r, JsonNode credentials) {
        return credentials.isEmpty() ? null : cipher.seal(r.id.toString(), credentials.toString());
    }

    /** The stored credentials; a value that does not open is an error the caller can fix by sending new ones. */
    private String openCredentials(Connector r) {
        try {
            return cipher.open(r.id.toString(), r.credentials());
        } catch (CredentialCipher.SealException e) {
            throw new ApiException(
                    409, "credentials_unreadable", e.getMessage() + "; send the credentials again with the change");
        }
    }

    private static void requireObject(JsonNode body, String what) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation(what + " must be a JSON object");
        }
    }

    private static String requiredText(JsonNode body, String field, int max) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw ApiException.validation(field + " is required (a string)");
        }
        if (n.asText().length() > max) {
            throw ApiException.validation(field + " is longer than " + max + " characters");
        }
        return n.asText();
    }

    private static String name(String name) {
        String n = name.strip();
        if (n.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.validation("name must not hold control characters");
        }
        return n;
    }

    private static UUID uuid(String v, String field) {
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(field + " is not an id");
        }
    }

    private static JsonNode objectOrEmpty(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!n.isObject()) {
            throw ApiException.validation(field + " must be an object");
        }
        return (ObjectNode) n;
    }

    private static Integer interval(JsonNode schedule) {
        if (schedule == null || schedule.isNull()) {
            return null;
        }
        if (!schedule.isObject()) {
            throw ApiException.validation("schedule must be an object {intervalMinutes}");
        }
        JsonNode m = schedule.get("intervalMinutes");
        if (m == null || m.isNull()) {
            return null;
        }
        if (!m.isIntegralNumber() || !m.canConvertToInt() || m.asInt() < MIN_INTERVAL || m.asInt() > MAX_INTERVAL) {
            throw ApiException.validation(
                    "schedule.intervalMinutes must be an integer from " + MIN_INTERVAL + " to " + MAX_INTERVAL);
        }
        return m.asInt();
    }
}
