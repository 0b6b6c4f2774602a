package dev.quire.connector.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.connector.crypto.CredentialCipher;
import dev.quire.connector.source.ConnectorTypes;
import dev.quire.connector.source.SourceConnector;
import dev.quire.connector.sync.ItemStore;
import dev.quire.connector.sync.RunStore;
import dev.quire.connector.sync.SyncJob;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import dev.quire.platform.db.Db;
import dev.quire.platform.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the connector API does, each change in one tenant transaction with its audit event: create, edit and delete
 * connectors (credentials sealed on the way in, never out), queue syncs, read runs and their per-item errors.
 */
@ApplicationScoped
public class ConnectorService {
    /** A connector as the API shows it: never its credentials, only whether some are stored. */
    public record View(
            UUID id,
            String type,
            String name,
            UUID knowledgeBaseId,
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
    private final ConnectorStore store;
    private final RunStore runs;
    private final ItemStore items;
    private final ConnectorTypes types;
    private final CredentialCipher cipher;
    private final Outbox outbox;
    private final SyncJob job;
    private final ObjectMapper json;

    public ConnectorService(
            Db db,
            ConnectorStore store,
            RunStore runs,
            ItemStore items,
            ConnectorTypes types,
            CredentialCipher cipher,
            Outbox outbox,
            SyncJob job,
            ObjectMapper json) {
        this.db = db;
        this.store = store;
        this.runs = runs;
        this.items = items;
        this.types = types;
        this.cipher = cipher;
        this.outbox = outbox;
        this.job = job;
        this.json = json;
    }

    public List<View> list(Caller caller) {
        return db.inTenant(caller.tenantId(), c -> {
            var out = new java.util.ArrayList<View>();
            for (var r : store.list(c, caller.tenantId())) {
                if (caller.canSee(r.knowledgeBaseId())) {
                    out.add(view(c, r));
                }
            }
            return out;
        });
    }

    public View get(Caller caller, UUID id) {
        return db.inTenant(caller.tenantId(), c -> view(c, require(c, caller, id)));
    }

    public View create(Caller caller, Integer maxConnectors, String ip, JsonNode body) {
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
        UUID id = UUID.randomUUID();
        var sealed = cipher.seal(id.toString(), credentials.toString());
        return db.inTenant(caller.tenantId(), c -> {
            int count = store.lockAndCount(c, caller.tenantId());
            if (maxConnectors != null && count >= maxConnectors) {
                throw new ApiException(
                        403,
                        "quota_exceeded",
                        "the plan allows " + maxConnectors + " connectors; delete one or" + " upgrade the plan");
            }
            if (store.nameTaken(c, caller.tenantId(), name, id)) {
                throw new ApiException(409, "conflict", "a connector named '" + name + "' exists");
            }
            var row = new ConnectorStore.Row(
                    id,
                    caller.tenantId(),
                    type.type(),
                    name,
                    kb,
                    config.toString(),
                    sealed,
                    interval,
                    false,
                    0,
                    null,
                    null);
            store.insert(c, row);
            store.schedule(c, caller.tenantId(), id, interval, false);
            audit(c, caller, ip, "connector.create", id, Map.of("type", type.type(), "name", name));
            return view(c, store.find(c, caller.tenantId(), id).orElseThrow());
        });
    }

    public View update(Caller caller, String ip, UUID id, JsonNode body) {
        requireObject(body, "the body");
        return db.inTenant(caller.tenantId(), c -> {
            var r = require(c, caller, id);
            SourceConnector type = types.require(r.type());
            String name = body.has("name") ? name(requiredText(body, "name", MAX_NAME)) : r.name();
            JsonNode config = body.has("config") ? objectOrEmpty(body, "config") : tree(r.configJson());
            var sealed = r.credentials();
            JsonNode credentials = null;
            if (body.has("credentials")) {
                credentials = objectOrEmpty(body, "credentials");
                sealed = cipher.seal(id.toString(), credentials.toString());
            } else if (body.has("config")) {
                credentials = tree(openCredentials(r));
            }
            if (credentials != null) {
                type.validate(config, credentials);
            }
            Integer interval = body.has("schedule") ? interval(body.get("schedule")) : r.intervalMinutes();
            boolean paused = r.paused();
            if (body.has("paused")) {
                if (!body.get("paused").isBoolean()) {
                    throw ApiException.validation("paused must be true or false");
                }
                paused = body.get("paused").asBoolean();
            }
            for (var it = body.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!List.of("name", "config", "credentials", "schedule", "paused")
                        .contains(f)) {
                    throw ApiException.validation(f + " is not a known field (type and knowledgeBaseId are fixed)");
                }
            }
            if (store.nameTaken(c, caller.tenantId(), name, id)) {
                throw new ApiException(409, "conflict", "a connector named '" + name + "' exists");
            }
            store.update(
                    c,
                    new ConnectorStore.Row(
                            id,
                            r.tenantId(),
                            r.type(),
                            name,
                            r.knowledgeBaseId(),
                            config.toString(),
                            sealed,
                            interval,
                            paused,
                            r.consecutiveFailures(),
                            r.createdAt(),
                            r.updatedAt()));
            store.schedule(c, caller.tenantId(), id, interval, paused);
            var changed = new java.util.ArrayList<String>();
            body.fieldNames().forEachRemaining(changed::add);
            audit(c, caller, ip, "connector.update", id, Map.of("fields", changed));
            return view(c, store.find(c, caller.tenantId(), id).orElseThrow());
        });
    }

    /** Deletes the connector; with {@code documents} its items' documents go too (through ingestion). */
    public void delete(Caller caller, String ip, UUID id, boolean documents) {
        db.inTenant(caller.tenantId(), c -> {
            var r = require(c, caller, id);
            int sent = 0;
            if (documents) {
                for (var k : items.all(c, caller.tenantId(), id)) {
                    job.sendDeleted(c, caller.tenantId(), r, k);
                    sent++;
                }
            }
            store.delete(c, caller.tenantId(), id);
            audit(c, caller, ip, "connector.delete", id, Map.of("name", r.name(), "documentsDeleted", sent));
            return null;
        });
    }

    public UUID sync(Caller caller, String ip, UUID id, boolean full) {
        return db.inTenant(caller.tenantId(), c -> {
            var r = require(c, caller, id);
            if (r.paused()) {
                throw new ApiException(409, "connector_paused", "the connector is paused; resume it first");
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
        return db.inTenant(caller.tenantId(), c -> {
            require(c, caller, id);
            var run = runs.find(c, caller.tenantId(), runId);
            if (run.isEmpty() || !run.get().connectorId().equals(id)) {
                throw ApiException.notFound("run");
            }
            Db.update(c, "delete from run_queue where tenant_id = ? and run_id = ?", caller.tenantId(), runId);
            if (!runs.finish(
                    c,
                    caller.tenantId(),
                    runId,
                    dev.quire.connector.sync.RunStatus.CANCELLED,
                    "cancelled by an admin")) {
                throw new ApiException(
                        409,
                        "run_finished",
                        "the run has already ended (" + run.get().status() + "); only a queued or running run can be"
                                + " cancelled");
            }
            audit(c, caller, ip, "connector.cancel", id, Map.of("runId", runId.toString()));
            return runs.find(c, caller.tenantId(), runId).orElseThrow();
        });
    }

    public List<RunStore.Run> runs(Caller caller, UUID id, int limit) {
        return db.inTenant(caller.tenantId(), c -> {
            require(c, caller, id);
            return runs.list(c, caller.tenantId(), id, limit);
        });
    }

    public List<RunStore.ItemError> errors(Caller caller, UUID id, UUID runId, int limit) {
        return db.inTenant(caller.tenantId(), c -> {
            require(c, caller, id);
            var run = runs.find(c, caller.tenantId(), runId);
            if (run.isEmpty() || !run.get().connectorId().equals(id)) {
                throw ApiException.notFound("run");
            }
            return runs.errors(c, caller.tenantId(), runId, limit);
        });
    }

    private ConnectorStore.Row require(Connection c, Caller caller, UUID id) throws SQLException {
        var r = store.find(c, caller.tenantId(), id);
        if (r.isEmpty() || !caller.canSee(r.get().knowledgeBaseId())) {
            throw ApiException.notFound("connector");
        }
        return r.get();
    }

    private View view(Connection c, ConnectorStore.Row r) throws SQLException {
        var last = runs.list(c, r.tenantId(), r.id(), 1);
        JsonNode config = tree(r.configJson());
        return new View(
                r.id(),
                r.type(),
                r.name(),
                r.knowledgeBaseId(),
                config,
                r.credentials() != null,
                new Schedule(r.intervalMinutes()),
                r.paused(),
                r.consecutiveFailures() >= SyncJob.FLAG_AFTER_FAILURES,
                r.consecutiveFailures(),
                last.isEmpty() ? null : last.get(0),
                r.createdAt(),
                r.updatedAt());
    }

    private void audit(Connection c, Caller caller, String ip, String action, UUID id, Map<String, Object> detail)
            throws SQLException {
        outbox.add(
                c,
                Topics.AUDIT_RECORDED,
                caller.tenantId().toString(),
                new AuditRecorded(
                        UUID.randomUUID(),
                        caller.tenantId(),
                        Instant.now(),
                        caller.actor(),
                        action,
                        "connector",
                        id.toString(),
                        "success",
                        ip,
                        detail));
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored JSON value does not parse", e);
        }
    }

    /** The stored credentials; a value that does not open is an error the caller can fix by sending new ones. */
    private String openCredentials(ConnectorStore.Row r) {
        try {
            return cipher.open(r.id().toString(), r.credentials());
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
