package dev.quire.ingestion;

import dev.quire.platform.testing.Tokens;
import java.util.UUID;

/** Two fresh tenants per test instance: A's admin, member and viewer, and B's owner (for the foreign side). */
abstract class TwoTenants {
    final UUID tenantA = UUID.randomUUID();
    final UUID tenantB = UUID.randomUUID();
    final String adminA = Tokens.of(tenantA, "admin");
    final String memberA = Tokens.of(tenantA, "member");
    final String viewerA = Tokens.of(tenantA, "viewer");
    final String ownerB = Tokens.of(tenantB, "owner");
}
