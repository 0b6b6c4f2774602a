package dev.quire.tenant.audit;

import dev.quire.contracts.api.Page;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.PageSize;
import dev.quire.tenant.api.Paging;
import dev.quire.tenant.api.Views;
import dev.quire.tenant.auth.Callers;
import dev.quire.tenant.auth.Roles;
import dev.quire.tenant.usage.Ledger;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import lombok.RequiredArgsConstructor;

/** The tenant's audit log, newest first, for its admins (not for a key restricted to knowledge bases). */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/audit-events")
@Authenticated
@RequiredArgsConstructor
public class AuditResource {
    private final Ledger ledger;
    private final Callers callers;

    @GET
    public Page<Views.AuditEvent> audit(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("action") String action,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        var caller = callers.current().require(Roles.ADMIN, "read").requireTenantWide();
        int n = PageSize.of(limit, 50);
        var key = Paging.cursor(cursor);
        var since = Paging.instant(from, "from");
        var until = Paging.instant(to, "to");
        if (since != null && until != null && since.isAfter(until)) {
            throw ApiException.validation("from must not be after to"); // as usage says it: not an empty page
        }
        var rows = ledger.audit(
                caller.tenantId(),
                since,
                until,
                action,
                key == null ? null : key.time(),
                key == null ? null : key.id(),
                n + 1);
        return Paging.page(rows, n, r -> new Paging.Key(r.occurredAt(), r.id()), Views.AuditEvent::of);
    }

    /** The distinct actions recorded for the caller's tenant, sorted: the choices of the audit log's filter. */
    @GET
    @Path("actions")
    public List<String> actions() {
        var caller = callers.current().require(Roles.ADMIN, "read").requireTenantWide();
        return ledger.auditActions(caller.tenantId());
    }
}
