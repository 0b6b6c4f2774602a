package dev.quire.tenant.tenant;

import dev.quire.tenant.api.Views;
import dev.quire.tenant.auth.Callers;
import dev.quire.tenant.auth.Roles;
import dev.quire.tenant.usage.Ledger;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import lombok.RequiredArgsConstructor;

/** The caller's own tenant and its self-serve plan change. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/tenant")
@RequiredArgsConstructor
public class TenantResource {
    /** Body of a plan change. */
    public record PlanChange(String plan) {}

    private final TenantService tenants;
    private final Ledger ledger;
    private final Callers callers;

    @GET
    @Authenticated
    public Views.Tenant get() {
        var caller = callers.current().require(Roles.VIEWER, "read");
        return view(tenants.get(caller.tenantId()));
    }

    /** The owner moves their tenant to another self-serve plan. */
    @PUT
    @Path("plan")
    @Authenticated
    public Views.Tenant changePlan(@NotNull @Valid PlanChange req) {
        var caller = callers.current().require(Roles.OWNER, "admin").requireTenantWide();
        return view(tenants.setPlan(caller, caller.tenantId(), req.plan(), true));
    }

    private Views.Tenant view(Tenant t) {
        return new Views.Tenant(t.id, t.name, t.planId(), t.status, t.limits(), Views.Usage.of(ledger.today(t.id)));
    }
}
