package dev.quire.tenant.api;

import dev.quire.tenant.auth.Roles;
import dev.quire.tenant.events.Ledger;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Usage per period (any role may read it) and the audit log (admins). */
@Path("/api/v1")
@Authenticated
public class LedgerResource {
    private final Ledger ledger;
    private final Callers callers;

    public LedgerResource(Ledger ledger, Callers callers) {
        this.ledger = ledger;
        this.callers = callers;
    }

    @GET
    @Path("usage")
    public Views.UsageReport usage(
            @QueryParam("from") String fromParam,
            @QueryParam("to") String toParam,
            @QueryParam("granularity") String granularityParam,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        var caller = callers.current().require(Roles.VIEWER, "read");
        String granularity = granularityParam == null || granularityParam.isBlank() ? "day" : granularityParam;
        if (!granularity.equals("day") && !granularity.equals("hour")) {
            throw ApiException.validation("granularity must be hour or day");
        }
        Instant to = Paging.instant(toParam, "to");
        if (to == null) {
            to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        }
        Instant from = Paging.instant(fromParam, "from");
        if (from == null) {
            from = to.minus(granularity.equals("day") ? Duration.ofDays(30) : Duration.ofHours(24));
        }
        if (!from.isBefore(to)) {
            throw ApiException.validation("from must be before to");
        }
        int n = Paging.limit(limit, 200);
        var key = Paging.cursor(cursor);
        var rows = ledger.usage(caller.tenantId(), from, to, granularity, key == null ? null : key.time(), n + 1);
        var page = Paging.page(rows, n, r -> new Paging.Key(r.periodStart(), null), Views.UsagePeriod::of);
        return new Views.UsageReport(
                page.items(),
                page.nextCursor(),
                granularity,
                from,
                to,
                Views.Usage.of(ledger.totals(caller.tenantId(), from, to)),
                Views.Usage.of(ledger.today(caller.tenantId())));
    }

    @GET
    @Path("audit-events")
    public dev.quire.contracts.api.Page<Views.AuditEvent> audit(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("action") String action,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        var caller = callers.current().require(Roles.ADMIN, "read");
        int n = Paging.limit(limit, 50);
        var key = Paging.cursor(cursor);
        var rows = ledger.audit(
                caller.tenantId(),
                Paging.instant(from, "from"),
                Paging.instant(to, "to"),
                action,
                key == null ? null : key.time(),
                key == null ? null : key.id(),
                n + 1);
        return Paging.page(rows, n, r -> new Paging.Key(r.occurredAt(), r.id()), Views.AuditEvent::of);
    }
}
