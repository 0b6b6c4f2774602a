package dev.quire.contracts.api;

import java.util.List;
import java.util.UUID;

/**
 * Knowledge base ids asked about, and the answer of those that are the tenant's: the body both ways of
 * ingestion-service's {@code POST /internal/v1/tenants/{tenantId}/knowledge-bases/owned}, which tenant-service asks
 * before an API key is restricted to knowledge bases.
 */
public record KnowledgeBaseIds(List<UUID> ids) {
    /** The most knowledge bases one API key may be restricted to, and so the most one lookup takes. */
    public static final int MAX = 100;
}
