package dev.quire.tenant.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.quire.tenant.usage.LedgerStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shapes of tenant-service's answers. */
public final class Views {
    private Views() {}

    /**
     * Totals of a range: requests, tokens and documents added/deleted in it; documents stored and their original
     * bytes at its end.
     */
    public record Usage(
            long requests,
            long promptTokens,
            long completionTokens,
            long totalTokens,
            long documents,
            long documentsDeleted,
            long documentsStored,
            long storageBytes) {
        public static Usage of(LedgerStore.UsageRow r) {
            return new Usage(
                    r.requests(),
                    r.promptTokens(),
                    r.completionTokens(),
                    r.promptTokens() + r.completionTokens(),
                    r.documentsAdded(),
                    r.documentsDeleted(),
                    r.documentsStored(),
                    r.storageBytes());
        }
    }

    /** The caller's tenant: plan, effective limits and today's usage (UTC). */
    public record Tenant(UUID id, String name, String plan, String status, Map<String, Object> limits, Usage usage) {}

    /** A tenant as the platform admin sees it. */
    public record AdminTenant(
            UUID id,
            String name,
            String plan,
            String status,
            Map<String, Object> limits,
            Map<String, Object> limitOverrides,
            Instant createdAt) {
        public static AdminTenant of(dev.quire.tenant.tenant.Tenant t) {
            return new AdminTenant(t.id, t.name, t.planId(), t.status, t.limits(), t.limitOverrides, t.createdAt);
        }
    }

    /** A tenant for other services: status, plan and effective limits. */
    public record InternalTenant(UUID id, String name, String status, String plan, Map<String, Object> limits) {
        public static InternalTenant of(dev.quire.tenant.tenant.Tenant t) {
            return new InternalTenant(t.id, t.name, t.status, t.planId(), t.limits());
        }
    }

    /** A plan of the catalogue. */
    public record Plan(String id, String name, boolean selfServe, Map<String, Object> limits) {
        public static Plan of(dev.quire.tenant.tenant.Plan p) {
            return new Plan(p.id, p.name, p.selfServe, p.limits);
        }
    }

    /** A user; {@code invitationToken} appears only in the answer that created an invitation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(UUID id, String email, String role, String status, Instant createdAt, String invitationToken) {
        public static User of(dev.quire.tenant.user.User u, String invitationToken) {
            return new User(u.id, u.email, u.role, u.invited() ? "invited" : "active", u.createdAt, invitationToken);
        }
    }

    /** An API key as listed (never its secret). */
    public record ApiKey(
            UUID id,
            String name,
            String prefix,
            List<String> scopes,
            List<String> knowledgeBaseIds,
            UUID userId,
            Instant createdAt,
            Instant lastUsedAt,
            Instant revokedAt) {
        public static ApiKey of(dev.quire.tenant.apikey.ApiKey k) {
            return new ApiKey(
                    k.id,
                    k.name,
                    k.prefix,
                    k.scopeList(),
                    k.kbIdList(),
                    k.userId,
                    k.createdAt,
                    k.lastUsedAt,
                    k.revokedAt);
        }
    }

    /** A created API key with its secret, returned only once. */
    public record CreatedApiKey(
            UUID id,
            String name,
            String prefix,
            String secret,
            List<String> scopes,
            List<String> knowledgeBaseIds,
            Instant createdAt) {}

    /** Who acted in an audit event; {@code email} is null once the user is gone, or when no user acted. */
    public record Actor(UUID userId, UUID apiKeyId, String email) {}

    /**
     * An audit event; {@code resourceName} is the {@code name}, {@code filename} or {@code title} its detail carries
     * (the first present), else null.
     */
    public record AuditEvent(
            UUID id,
            Instant occurredAt,
            Actor actor,
            String action,
            String resourceType,
            String resourceId,
            String resourceName,
            String outcome,
            String ip,
            Map<String, Object> detail) {
        private static final List<String> NAME_KEYS = List.of("name", "filename", "title");

        public static AuditEvent of(LedgerStore.AuditRow r) {
            return new AuditEvent(
                    r.id(),
                    r.occurredAt(),
                    new Actor(r.userId(), r.apiKeyId(), r.actorEmail()),
                    r.action(),
                    r.resourceType(),
                    r.resourceId(),
                    resourceName(r.detail()),
                    r.outcome(),
                    r.ip(),
                    r.detail());
        }

        static String resourceName(Map<String, Object> detail) {
            if (detail == null) {
                return null;
            }
            for (String k : NAME_KEYS) {
                if (detail.get(k) instanceof String s && !s.isBlank()) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Usage of one period: as {@link Usage}; {@code documentsStored}/{@code storageBytes} at the period's end. */
    public record UsagePeriod(
            Instant periodStart,
            long requests,
            long promptTokens,
            long completionTokens,
            long documents,
            long documentsDeleted,
            long documentsStored,
            long storageBytes) {
        public static UsagePeriod of(LedgerStore.UsageRow r) {
            return new UsagePeriod(
                    r.periodStart(),
                    r.requests(),
                    r.promptTokens(),
                    r.completionTokens(),
                    r.documentsAdded(),
                    r.documentsDeleted(),
                    r.documentsStored(),
                    r.storageBytes());
        }
    }

    /** The usage answer: periods of the range, totals of the range and of today (UTC). */
    public record UsageReport(
            List<UsagePeriod> items,
            String nextCursor,
            String granularity,
            Instant from,
            Instant to,
            Usage totals,
            Usage today) {}
}
