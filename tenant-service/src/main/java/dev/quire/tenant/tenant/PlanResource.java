package dev.quire.tenant.tenant;

import dev.quire.contracts.api.Page;
import dev.quire.tenant.api.Views;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The plan catalogue; public, since a pricing page needs it before sign-up. */
@Path("/api/v1/plans")
public class PlanResource {
    private final TenantService tenants;

    public PlanResource(TenantService tenants) {
        this.tenants = tenants;
    }

    @GET
    public Page<Views.Plan> plans() {
        return Page.of(tenants.plans().stream().map(Views.Plan::of).toList());
    }
}
