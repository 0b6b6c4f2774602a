package dev.quire.tenant.tenant;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.Db;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.auth.AuthService;
import dev.quire.tenant.auth.Caller;
import dev.quire.tenant.auth.PasswordHasher;
import dev.quire.tenant.auth.Roles;
import dev.quire.tenant.auth.Secrets;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.user.UserStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Tenant lifecycle: the platform admin creates, suspends, reactivates, deletes tenants, sets their plan and limit
 * overrides; an owner changes their own tenant's plan among the self-serve plans. Every change is announced on
 * {@code tenant.changed} and audited under the affected tenant.
 * One class because every change runs the same sequence in one transaction — lock the live tenant row, change it,
 * announce it on {@code tenant.changed}, audit it — and shares {@code lockLive} and the plan-and-limits payload those
 * announcements carry.
 */
@ApplicationScoped
public class TenantService {
    /** The limit names a plan defines and an override may set. */
    public static final Set<String> LIMITS = Set.of(
            "requestsPerMinute",
            "tokensPerMinute",
            "tokensPerDay",
            "concurrentStreams",
            "maxDocuments",
            "maxStorageMb",
            "maxUploadMb",
            "maxConnectors");

    /** A tenant created by the platform admin with its first owner. */
    public record Created(TenantStore.TenantRow tenant, UserStore.UserRow owner, String invitationToken) {}

    /** A deleted tenant and the data-export request recorded for it. */
    public record Deleted(TenantStore.TenantRow tenant, UUID exportRequestId) {}

    private final Db db;
    private final TenantStore tenants;
    private final Plans plans;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final TenantChanges changes;
    private final TenantConfig config;

    public TenantService(
            Db db,
            TenantStore tenants,
            Plans plans,
            UserStore users,
            PasswordHasher hasher,
            AuditLog audit,
            TenantChanges changes,
            TenantConfig config) {
        this.db = db;
        this.tenants = tenants;
        this.plans = plans;
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.changes = changes;
        this.config = config;
    }

    public TenantStore.TenantRow get(UUID id) {
        return db.tx(c -> tenants.find(c, id)).orElseThrow(TenantService::notFound);
    }

    /** The plan catalogue, the smallest plan first. */
    public Uni<List<Plan>> plans() {
        return plans.catalogue();
    }

    public List<TenantStore.TenantRow> list(String status, Instant afterTime, UUID afterId, int limit) {
        return db.tx(c -> tenants.list(c, status, afterTime, afterId, limit));
    }

    public Created create(Caller admin, String name, String plan, String ownerEmail, String ownerPassword) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.validation("name is required (at most 200 characters)");
        }
        String email = AuthService.normalise(ownerEmail);
        AuthService.checkEmail(email);
        String hash = null;
        if (ownerPassword != null) {
            AuthService.checkPassword(ownerPassword);
            hash = hasher.hash(ownerPassword);
        }
        String chosen = plan == null || plan.isBlank() ? "free" : plan;
        String invitation = ownerPassword == null ? Secrets.generate(AuthService.INVITATION_PREFIX) : null;
        UUID tenantId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        String finalHash = hash;
        if (plans.byIdNow(chosen).isEmpty()) {
            throw ApiException.validation("unknown plan '" + chosen + "'");
        }
        try {
            return db.tx(c -> {
                tenants.create(c, tenantId, name.strip(), chosen);
                users.insert(
                        c,
                        userId,
                        tenantId,
                        email,
                        finalHash,
                        Roles.OWNER,
                        invitation == null ? null : Secrets.sha256(invitation),
                        invitation == null ? null : Instant.now().plusSeconds(config.invitationTtlSeconds()));
                audit.record(
                        c,
                        tenantId,
                        admin.who(),
                        "tenant.create",
                        "tenant",
                        tenantId,
                        "success",
                        Map.of("plan", chosen));
                return new Created(
                        tenants.find(c, tenantId).orElseThrow(),
                        users.byId(c, userId).orElseThrow(),
                        invitation);
            });
        } catch (UserStore.EmailTaken e) {
            throw new ApiException(409, "conflict", "this email is already registered");
        }
    }

    /** Applies a partial update: name, status (active|suspended) and limit overrides (null removes one). */
    public TenantStore.TenantRow patch(
            Caller admin, UUID id, String name, String status, Map<String, Object> limitsPatch) {
        if (status != null && !Set.of("active", "suspended").contains(status)) {
            throw ApiException.validation("status must be active or suspended (DELETE deletes)");
        }
        if (name != null && (name.isBlank() || name.length() > 200)) {
            throw ApiException.validation("name must have 1 to 200 characters");
        }
        if (limitsPatch != null) {
            for (var e : limitsPatch.entrySet()) {
                if (!LIMITS.contains(e.getKey())) {
                    throw ApiException.validation("unknown limit '" + e.getKey() + "'");
                }
                if (e.getValue() != null
                        && !(e.getValue() instanceof Number n
                                && n.longValue() >= 0
                                && n.doubleValue() == n.longValue())) {
                    throw ApiException.validation("limit '" + e.getKey() + "' must be a whole number ≥ 0 or null");
                }
            }
        }
        return db.tx(c -> {
            var t = lockLive(c, id);
            if (status != null && id.equals(admin.tenantId())) {
                throw new ApiException(409, "conflict", "the operator's own tenant cannot be suspended");
            }
            if (name != null && !name.strip().equals(t.name())) {
                tenants.setName(c, id, name.strip());
            }
            if (limitsPatch != null && !limitsPatch.isEmpty()) {
                Map<String, Object> overrides = new HashMap<>(t.limitOverrides());
                limitsPatch.forEach((k, v) -> {
                    if (v == null) {
                        overrides.remove(k);
                    } else {
                        overrides.put(k, ((Number) v).longValue());
                    }
                });
                tenants.setOverrides(c, id, overrides);
                var after = tenants.find(c, id).orElseThrow();
                changes.announce(c, id, "limits", limitValues(after));
                audit.record(
                        c,
                        id,
                        admin.who(),
                        "tenant.limits_change",
                        "tenant",
                        id,
                        "success",
                        Map.of("overrides", overrides));
            }
            if (status != null && !status.equals(t.status())) {
                tenants.setStatus(c, id, status);
                String change = "suspended".equals(status) ? "suspended" : "activated";
                changes.announce(c, id, change, Map.of("status", status));
                audit.record(
                        c,
                        id,
                        admin.who(),
                        "suspended".equals(status) ? "tenant.suspend" : "tenant.activate",
                        "tenant",
                        id,
                        "success",
                        null);
            }
            return tenants.find(c, id).orElseThrow();
        });
    }

    /** Marks a tenant deleted (its users can no longer sign in) and records a request to export its data. */
    public Deleted delete(Caller admin, UUID id) {
        return db.tx(c -> {
            lockLive(c, id);
            if (id.equals(admin.tenantId())) {
                throw new ApiException(409, "conflict", "the operator's own tenant cannot be deleted");
            }
            UUID exportId = UUID.randomUUID();
            tenants.setStatus(c, id, "deleted");
            tenants.addExportRequest(c, exportId, id, admin.userId());
            changes.announce(c, id, "deleted", Map.of("status", "deleted", "exportRequestId", exportId.toString()));
            audit.record(
                    c, id, admin.who(), "tenant.delete", "tenant", id, "success", Map.of("exportRequestId", exportId));
            return new Deleted(tenants.find(c, id).orElseThrow(), exportId);
        });
    }

    /** Sets a tenant's plan: any plan for the platform admin, a self-serve plan for the tenant's owner. */
    public TenantStore.TenantRow setPlan(Caller caller, UUID id, String plan, boolean selfServeOnly) {
        if (plan == null || plan.isBlank()) {
            throw ApiException.validation("plan is required");
        }
        // the catalogue changes only with a migration: checking it before the transaction reads what it would read
        var p = plans.byIdNow(plan).orElseThrow(() -> ApiException.validation("unknown plan '" + plan + "'"));
        if (selfServeOnly && !p.selfServe) {
            throw ApiException.validation("plan must be one of the self-serve plans");
        }
        return db.tx(c -> {
            var t = lockLive(c, id);
            if (!plan.equals(t.plan())) {
                tenants.setPlan(c, id, plan);
                var after = tenants.find(c, id).orElseThrow();
                Map<String, Object> values = limitValues(after);
                values.put("plan", plan);
                values.put("previousPlan", t.plan());
                changes.announce(c, id, "plan", values);
                audit.record(
                        c,
                        id,
                        caller.who(),
                        "tenant.plan_change",
                        "tenant",
                        id,
                        "success",
                        Map.of("from", t.plan(), "to", plan));
            }
            return tenants.find(c, id).orElseThrow();
        });
    }

    private TenantStore.TenantRow lockLive(Connection c, UUID id) throws SQLException {
        var t = tenants.lock(c, id).orElseThrow(TenantService::notFound);
        if ("deleted".equals(t.status())) {
            throw new ApiException(409, "conflict", "the tenant is deleted");
        }
        return t;
    }

    private static Map<String, Object> limitValues(TenantStore.TenantRow t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("plan", t.plan());
        v.put("limits", t.limits());
        return v;
    }

    private static ApiException notFound() {
        return new ApiException(404, "not_found", "no such tenant");
    }
}
