package dev.quire.tenant.tenant;

import dev.quire.contracts.api.Page;
import dev.quire.platform.api.PageSize;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.api.Paging;
import dev.quire.tenant.api.Views;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.auth.Caller;
import dev.quire.tenant.auth.Callers;
import dev.quire.tenant.auth.SigningKeys;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** The platform operator's routes: tenants, their plans and limits, and signing-key rotation. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/admin")
@Authenticated
@RequiredArgsConstructor
public class AdminResource {
    /** Body of a tenant creation; without {@code ownerPassword} the owner is invited. */
    public record CreateTenant(String name, String plan, String ownerEmail, String ownerPassword) {}

    /** Body of a tenant change; every field optional, {@code limits} holds partial overrides (null removes one). */
    public record PatchTenant(String name, String status, Map<String, Object> limits) {}

    /** Body of a plan change. */
    public record PlanChange(String plan) {}

    private final TenantService tenants;
    private final SigningKeys keys;
    private final TenantChanges changes;
    private final AuditLog audit;
    private final Callers callers;

    @GET
    @Path("tenants")
    public Page<Views.AdminTenant> list(
            @QueryParam("status") String status,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        admin();
        int n = PageSize.of(limit, 50);
        var key = Paging.cursor(cursor);
        var rows = tenants.list(
                status == null || status.isBlank() ? null : status,
                key == null ? null : key.time(),
                key == null ? null : key.id(),
                n + 1);
        return Paging.page(rows, n, t -> new Paging.Key(t.createdAt, t.id), Views.AdminTenant::of);
    }

    @GET
    @Path("tenants/{id}")
    public Views.AdminTenant get(@PathParam("id") UUID id) {
        admin();
        return Views.AdminTenant.of(tenants.get(id));
    }

    @POST
    @Path("tenants")
    public Response create(@NotNull @Valid CreateTenant req) {
        var caller = admin();
        var created = tenants.create(caller, req.name(), req.plan(), req.ownerEmail(), req.ownerPassword());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", Views.AdminTenant.of(created.tenant()));
        body.put("owner", Views.User.of(created.owner(), created.invitationToken()));
        return Response.status(201).entity(body).build();
    }

    @PATCH
    @Path("tenants/{id}")
    public Views.AdminTenant patch(@PathParam("id") UUID id, @NotNull @Valid PatchTenant req) {
        var caller = admin();
        return Views.AdminTenant.of(tenants.patch(caller, id, req.name(), req.status(), req.limits()));
    }

    @DELETE
    @Path("tenants/{id}")
    public Response delete(@PathParam("id") UUID id) {
        var deleted = tenants.delete(admin(), id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", deleted.tenant().id);
        body.put("status", deleted.tenant().status);
        body.put("exportRequestId", deleted.exportRequestId());
        return Response.status(202).entity(body).build();
    }

    @PUT
    @Path("tenants/{id}/plan")
    public Views.AdminTenant plan(@PathParam("id") UUID id, @NotNull @Valid PlanChange req) {
        var caller = admin();
        return Views.AdminTenant.of(tenants.setPlan(caller, id, req.plan(), false));
    }

    /** Makes a new signing key active; the previous one stays in the JWKS for the overlap. */
    @POST
    @Path("signing-keys/rotate")
    public Map<String, Object> rotate() {
        var caller = admin();
        // audited under the operator's tenant, whose wall the rotation's transaction takes for that row
        String kid = keys.rotate((s, k) -> ReactiveTenantTx.setTenant(s, caller.tenantId())
                .chain(() -> changes.announce(s, TenantChanges.PLATFORM, "keys-rotated", Map.of("kid", k)))
                .chain(() -> audit.record(
                        s, caller.tenantId(), caller.who(), "signing_key.rotate", "signing_key", k, "success", null)));
        return Map.of("kid", kid, "keys", keys.publicJwks().size());
    }

    private Caller admin() {
        return callers.current().requirePlatformAdmin();
    }
}
