package dev.quire.tenant.tenant;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.api.Timestamps;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.auth.AuthService;
import dev.quire.tenant.auth.Caller;
import dev.quire.tenant.auth.PasswordHasher;
import dev.quire.tenant.auth.PasswordPolicy;
import dev.quire.tenant.auth.Roles;
import dev.quire.tenant.auth.Secrets;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.user.User;
import dev.quire.tenant.user.Users;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Tenant lifecycle: the platform admin creates, suspends, reactivates, deletes tenants, sets their plan and limit
 * overrides; an owner changes their own tenant's plan among the self-serve plans. Every change is announced on
 * {@code tenant.changed} and audited under the affected tenant.
 * One class because every change runs the same sequence in one transaction under the tenant's wall — lock the live
 * tenant row, change it, announce it on {@code tenant.changed}, audit it — and shares {@code lockLive} and the
 * plan-and-limits payload those announcements carry. Its callers are blocking (resources): each method waits for its
 * reactive transaction.
 */
@ApplicationScoped
@RequiredArgsConstructor
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
    public record Created(Tenant tenant, User owner, String invitationToken) {}

    /** A deleted tenant and the data-export request recorded for it. */
    public record Deleted(Tenant tenant, UUID exportRequestId) {}

    private final Tenants tenants;
    private final Plans plans;
    private final Users users;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final TenantChanges changes;
    private final TenantConfig config;

    public Tenant get(UUID id) {
        var t = ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(id, s -> tenants.findById(id)));
        if (t == null) {
            throw notFound();
        }
        return t;
    }

    /** The plan catalogue, the smallest plan first. */
    public Uni<List<Plan>> plans() {
        return plans.catalogue();
    }

    /** Every tenant (the operator's catalogue, which no tenant's wall covers), oldest first after the cursor. */
    public List<Tenant> list(String status, Instant afterTime, UUID afterId, int limit) {
        return ReactiveTenantTx.await(() -> Panache.withSession(() -> tenants.page(status, afterTime, afterId, limit)));
    }

    public Created create(Caller admin, String name, String plan, String ownerEmail, String ownerPassword) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.validation("name is required (at most 200 characters)");
        }
        String email = AuthService.normalise(ownerEmail);
        AuthService.checkEmail(email);
        String hash = null;
        if (ownerPassword != null) {
            PasswordPolicy.check(ownerPassword, email);
            hash = hasher.hash(ownerPassword); // here on the worker thread, never on the transaction's event loop
        }
        String chosen = plan == null || plan.isBlank() ? "free" : plan;
        String invitation = ownerPassword == null ? Secrets.generate(AuthService.INVITATION_PREFIX) : null;
        UUID tenantId = UUID.randomUUID();
        String passwordHash = hash;
        return ReactiveTenantTx.await(() ->
                ReactiveTenantTx.inTenant(tenantId, s -> plans.findById(chosen).chain(p -> {
                    if (p == null) {
                        return Uni.createFrom().failure(ApiException.validation("unknown plan '" + chosen + "'"));
                    }
                    var tenant = newTenant(tenantId, name.strip(), p);
                    var owner = Users.of(tenant, email, passwordHash, Roles.OWNER);
                    if (invitation != null) {
                        owner.invitationHash = Secrets.sha256(invitation);
                        owner.invitationExpiresAt = Instant.now().plusSeconds(config.invitationTtlSeconds());
                    }
                    return tenants.persist(tenant)
                            .chain(() -> users.persist(owner))
                            .chain(() -> audit.record(
                                    s,
                                    tenantId,
                                    admin.who(),
                                    "tenant.create",
                                    "tenant",
                                    tenantId,
                                    "success",
                                    Map.of("plan", chosen)))
                            .replaceWith(new Created(tenant, owner, invitation));
                })));
    }

    /** A new active tenant on a plan, created now. */
    public static Tenant newTenant(UUID id, String name, Plan plan) {
        var t = new Tenant();
        t.id = id;
        t.name = name;
        t.plan = plan;
        t.status = "active";
        t.limitOverrides = new HashMap<>();
        t.createdAt = Timestamps.now();
        t.updatedAt = t.createdAt;
        return t;
    }

    /** Applies a partial update: name, status (active|suspended) and limit overrides (null removes one). */
    public Tenant patch(Caller admin, UUID id, String name, String status, Map<String, Object> limitsPatch) {
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
        return ReactiveTenantTx.await(
                () -> ReactiveTenantTx.inTenant(id, s -> lockLive(id).chain(t -> {
                    if (status != null && id.equals(admin.tenantId())) {
                        return Uni.createFrom()
                                .failure(new ApiException(
                                        409, "conflict", "the operator's own tenant cannot be suspended"));
                    }
                    if (name != null && !name.strip().equals(t.name)) {
                        t.name = name.strip();
                        t.updatedAt = Timestamps.now();
                    }
                    Uni<Void> work = Uni.createFrom().voidItem();
                    if (limitsPatch != null && !limitsPatch.isEmpty()) {
                        Map<String, Object> overrides = new HashMap<>(t.limitOverrides);
                        limitsPatch.forEach((k, v) -> {
                            if (v == null) {
                                overrides.remove(k);
                            } else {
                                overrides.put(k, ((Number) v).longValue());
                            }
                        });
                        t.limitOverrides = overrides;
                        t.updatedAt = Timestamps.now();
                        work = work.chain(() -> changes.announce(s, id, "limits", limitValues(t)))
                                .chain(() -> audit.record(
                                        s,
                                        id,
                                        admin.who(),
                                        "tenant.limits_change",
                                        "tenant",
                                        id,
                                        "success",
                                        Map.of("overrides", overrides)));
                    }
                    if (status != null && !status.equals(t.status)) {
                        t.status = status;
                        t.updatedAt = Timestamps.now();
                        boolean suspended = "suspended".equals(status);
                        work = work.chain(() -> changes.announce(
                                        s, id, suspended ? "suspended" : "activated", Map.of("status", status)))
                                .chain(() -> audit.record(
                                        s,
                                        id,
                                        admin.who(),
                                        suspended ? "tenant.suspend" : "tenant.activate",
                                        "tenant",
                                        id,
                                        "success",
                                        null));
                    }
                    return work.replaceWith(t);
                })));
    }

    /** Marks a tenant deleted (its users can no longer sign in) and records a request to export its data. */
    public Deleted delete(Caller admin, UUID id) {
        return ReactiveTenantTx.await(
                () -> ReactiveTenantTx.inTenant(id, s -> lockLive(id).chain(t -> {
                    if (id.equals(admin.tenantId())) {
                        return Uni.createFrom()
                                .failure(new ApiException(
                                        409, "conflict", "the operator's own tenant cannot be deleted"));
                    }
                    var export = new DataExportRequest();
                    export.id = UUID.randomUUID();
                    export.tenantId = id;
                    export.requestedBy = admin.userId();
                    export.status = "pending";
                    export.requestedAt = Timestamps.now();
                    t.status = "deleted";
                    t.updatedAt = export.requestedAt;
                    return s.persist(export)
                            .chain(() -> changes.announce(
                                    s,
                                    id,
                                    "deleted",
                                    Map.of("status", "deleted", "exportRequestId", export.id.toString())))
                            .chain(() -> audit.record(
                                    s,
                                    id,
                                    admin.who(),
                                    "tenant.delete",
                                    "tenant",
                                    id,
                                    "success",
                                    Map.of("exportRequestId", export.id)))
                            .replaceWith(new Deleted(t, export.id));
                })));
    }

    /** Sets a tenant's plan: any plan for the platform admin, a self-serve plan for the tenant's owner. */
    public Tenant setPlan(Caller caller, UUID id, String plan, boolean selfServeOnly) {
        if (plan == null || plan.isBlank()) {
            throw ApiException.validation("plan is required");
        }
        return ReactiveTenantTx.await(
                () -> ReactiveTenantTx.inTenant(id, s -> plans.findById(plan).chain(p -> {
                    // the plan is checked before the tenant: a bad plan is a 400 whichever tenant it names
                    if (p == null) {
                        return Uni.createFrom().failure(ApiException.validation("unknown plan '" + plan + "'"));
                    }
                    if (selfServeOnly && !p.selfServe) {
                        return Uni.createFrom()
                                .failure(ApiException.validation("plan must be one of the self-serve plans"));
                    }
                    return lockLive(id).chain(t -> changePlan(s, caller, t, p));
                })));
    }

    private Uni<Tenant> changePlan(Mutiny.Session s, Caller caller, Tenant t, Plan p) {
        if (p.id.equals(t.planId())) {
            return Uni.createFrom().item(t);
        }
        String previous = t.planId();
        t.plan = p;
        t.updatedAt = Timestamps.now();
        Map<String, Object> values = limitValues(t);
        values.put("previousPlan", previous);
        return changes.announce(s, t.id, "plan", values)
                .chain(() -> audit.record(
                        s,
                        t.id,
                        caller.who(),
                        "tenant.plan_change",
                        "tenant",
                        t.id,
                        "success",
                        Map.of("from", previous, "to", p.id)))
                .replaceWith(t);
    }

    private Uni<Tenant> lockLive(UUID id) {
        return tenants.lock(id).map(t -> {
            if (t == null) {
                throw notFound();
            }
            if ("deleted".equals(t.status)) {
                throw new ApiException(409, "conflict", "the tenant is deleted");
            }
            return t;
        });
    }

    private static Map<String, Object> limitValues(Tenant t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("plan", t.planId());
        v.put("limits", t.limits());
        return v;
    }

    private static ApiException notFound() {
        return new ApiException(404, "not_found", "no such tenant");
    }
}
