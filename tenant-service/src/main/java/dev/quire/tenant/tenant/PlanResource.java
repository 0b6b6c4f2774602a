package dev.quire.tenant.tenant;

import dev.quire.contracts.api.Page;
import dev.quire.tenant.api.Views;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import lombok.RequiredArgsConstructor;

/** The plan catalogue; public, since a pricing page needs it before sign-up. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/plans")
@RequiredArgsConstructor
public class PlanResource {
    private final TenantService tenants;

    @GET
    public Uni<Page<Views.Plan>> plans() {
        return tenants.plans()
                .map(all -> Page.of(all.stream().map(Views.Plan::of).toList()));
    }
}
