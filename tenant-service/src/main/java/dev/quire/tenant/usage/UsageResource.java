package dev.quire.tenant.usage;

import dev.quire.contracts.api.Page;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.api.PageSize;
import dev.quire.tenant.api.Paging;
import dev.quire.tenant.api.Views;
import dev.quire.tenant.auth.Callers;
import dev.quire.tenant.auth.Roles;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import lombok.RequiredArgsConstructor;

/** Usage per period; any role may read its tenant's usage. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/usage")
@Authenticated
@RequiredArgsConstructor
public class UsageResource {
    private final Ledger ledger;
    private final UsageBreakdown breakdown;
    private final Callers callers;

    /** Answers and tokens per user over UTC days (default the last 30); admins only, as it shows who did what. */
    @GET
    @Path("users")
    public Page<UsageBreakdown.ByUser> byUser(
            @QueryParam("from") String fromParam,
            @QueryParam("to") String toParam,
            @QueryParam("limit") Integer limit) {
        var caller = callers.current().require(Roles.ADMIN, "read").requireTenantWide();
        Instant toAt = Paging.instant(toParam, "to");
        LocalDate to = toAt == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.ofInstant(toAt, ZoneOffset.UTC);
        Instant fromAt = Paging.instant(fromParam, "from");
        LocalDate from = fromAt == null ? to.minusDays(29) : LocalDate.ofInstant(fromAt, ZoneOffset.UTC);
        if (from.isAfter(to)) {
            throw ApiException.validation("from must not be after to");
        }
        return Page.of(breakdown.byUser(caller.tenantId(), from, to, PageSize.of(limit, 200)));
    }

    /** Documents and bytes stored now per knowledge base (the same figures as {@code documentsStored}). */
    @GET
    @Path("knowledge-bases")
    public Page<UsageBreakdown.ByKnowledgeBase> byKnowledgeBase(@QueryParam("limit") Integer limit) {
        var caller = callers.current().require(Roles.VIEWER, "read");
        // a key restricted to knowledge bases sees its own only (the others are 404 to it everywhere else), and its
        // limit counts its own
        return Page.of(breakdown.byKnowledgeBase(caller.tenantId(), caller.kbIds(), PageSize.of(limit, 200)));
    }

    @GET
    public Views.UsageReport usage(
            @QueryParam("from") String fromParam,
            @QueryParam("to") String toParam,
            @QueryParam("granularity") @Pattern(regexp = "\\s*|day|hour", message = "must be hour or day")
                    String granularityParam,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        var caller = callers.current().require(Roles.VIEWER, "read");
        String granularity = granularityParam == null || granularityParam.isBlank() ? "day" : granularityParam;
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
        int n = PageSize.of(limit, 200);
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
}
