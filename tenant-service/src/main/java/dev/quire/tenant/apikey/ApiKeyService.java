package dev.quire.tenant.apikey;

import dev.quire.contracts.api.KnowledgeBaseIds;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.api.Timestamps;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.auth.Caller;
import dev.quire.tenant.auth.Roles;
import dev.quire.tenant.auth.Secrets;
import dev.quire.tenant.auth.TokenIssuer;
import dev.quire.tenant.tenant.TenantChanges;
import dev.quire.tenant.user.User;
import dev.quire.tenant.user.Users;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * API keys: {@code qk_} + 32 random bytes (base64url), shown once, stored as SHA-256; scopes never beyond the
 * creator's role. Exchanging a key yields a short internal JWT; revoking one is announced on {@code tenant.changed}.
 * Keys live on Hibernate Reactive ({@link ApiKeys}) in tenant-scoped transactions; the audit row and the outbox event
 * commit on the same transaction.
 * One class because creating, listing, revoking and exchanging a key share its secret handling and audit trail.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ApiKeyService {
    public static final String PREFIX = "qk_";

    /** A new key with its secret, which is never shown again. */
    public record Created(ApiKey key, String secret) {}

    /** The internal token an exchange yields and whom it speaks for. */
    public record Exchanged(TokenIssuer.IssuedToken token, UUID tenantId, UUID userId, UUID apiKeyId) {}

    private final ApiKeys keys;
    private final Users users;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final TenantChanges changes;
    private final OwnedKnowledgeBases knowledgeBases;

    public Uni<Created> create(Caller caller, String name, List<String> requestedScopes, List<String> kbIds) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.validation("name is required (at most 200 characters)");
        }
        List<String> scopes =
                requestedScopes == null ? Roles.DEFAULT_SCOPES : List.copyOf(new LinkedHashSet<>(requestedScopes));
        if (scopes.isEmpty()) {
            throw ApiException.validation("scopes must not be empty");
        }
        var allowed = Roles.scopesOf(caller.role());
        for (String s : scopes) {
            if (!Roles.ALL_SCOPES.contains(s)) {
                throw ApiException.validation("unknown scope '" + s + "' (one of " + Roles.ALL_SCOPES + ")");
            }
            if (!allowed.contains(s)) {
                throw ApiException.validation("scope '" + s + "' is beyond your role " + caller.role());
            }
            if (!caller.scopes().contains(s)) {
                throw ApiException.validation("scope '" + s + "' is beyond the scopes of the key making it");
            }
        }
        List<UUID> kbs = null;
        if (kbIds != null) {
            if (kbIds.size() > KnowledgeBaseIds.MAX) {
                throw ApiException.validation(
                        "knowledgeBaseIds: at most " + KnowledgeBaseIds.MAX + " knowledge bases a key");
            }
            var distinct = new LinkedHashSet<UUID>();
            for (String k : kbIds) {
                try {
                    distinct.add(UUID.fromString(k));
                } catch (RuntimeException e) {
                    throw ApiException.validation("knowledgeBaseIds must be UUIDs");
                }
            }
            kbs = List.copyOf(distinct);
        }
        // a key restricted to knowledge bases makes keys only within them, as it makes keys only within its scopes
        if (caller.kbIds() != null && (kbs == null || !caller.kbIds().containsAll(kbs))) {
            throw ApiException.forbidden("this API key may create keys only for its own knowledge bases");
        }
        String secret = Secrets.generate(PREFIX);
        var key = new ApiKey();
        key.id = UUID.randomUUID();
        key.tenantId = caller.tenantId();
        key.userId = caller.userId();
        key.name = name.strip();
        key.prefix = secret.substring(0, 10);
        key.secretHash = Secrets.sha256(secret);
        key.scopes = scopes.toArray(String[]::new);
        key.kbIds = kbs == null ? null : kbs.toArray(UUID[]::new);
        key.createdAt = Timestamps.now();
        return knowledgeBases
                .require(caller.tenantId(), kbs == null ? List.of() : kbs)
                .chain(() -> ReactiveTenantTx.inTenant(caller.tenantId(), s -> keys.persist(key)
                        .chain(() -> audit.record(
                                s,
                                caller.tenantId(),
                                caller.who(),
                                "api_key.create",
                                "api_key",
                                key.id,
                                "success",
                                Map.of("scopes", scopes)))
                        .replaceWith(new Created(key, secret))));
    }

    /** The caller's tenant's keys (only the caller's own unless an admin), oldest first after the cursor. */
    public Uni<List<ApiKey>> list(Caller caller, Instant afterTime, UUID afterId, int limit) {
        UUID onlyUser = Roles.atLeast(caller.role(), Roles.ADMIN) ? null : caller.userId();
        return ReactiveTenantTx.inTenant(
                caller.tenantId(), s -> keys.page(caller.tenantId(), onlyUser, afterTime, afterId, limit));
    }

    /** Revokes a key of the caller's tenant; a non-admin may revoke only their own keys. */
    public Uni<Void> revoke(Caller caller, UUID id) {
        return ReactiveTenantTx.inTenant(
                caller.tenantId(), s -> keys.inTenant(caller.tenantId(), id).chain(key -> {
                    if (key == null) {
                        return Uni.createFrom().failure(notFound());
                    }
                    if (!Roles.atLeast(caller.role(), Roles.ADMIN)
                            && !caller.userId().equals(key.userId)) {
                        return Uni.createFrom()
                                .failure(
                                        new ApiException(403, "forbidden", "only admins may revoke other users' keys"));
                    }
                    return keys.revoke(caller.tenantId(), id)
                            .chain(revoked -> revoked
                                    ? announceRevoked(s, caller.tenantId(), id, caller.who())
                                    : Uni.createFrom().voidItem());
                }));
    }

    /** Revokes and announces every live key of a user on the user's deletion, on that deletion's transaction. */
    public Uni<Void> revokeAllOf(Mutiny.Session s, UUID tenantId, UUID userId, AuditLog.Who who) {
        return keys.liveOf(tenantId, userId).chain(live -> {
            Uni<Void> done = Uni.createFrom().voidItem();
            Instant now = Timestamps.now();
            for (ApiKey key : live) {
                key.revokedAt = now;
                done = done.chain(() -> announceRevoked(s, tenantId, key.id, who));
            }
            return done;
        });
    }

    private Uni<Void> announceRevoked(Mutiny.Session s, UUID tenantId, UUID id, AuditLog.Who who) {
        return changes.announce(s, tenantId, "api-key-revoked", revokedValues(id))
                .chain(() -> audit.record(s, tenantId, who, "api_key.revoke", "api_key", id, "success", null));
    }

    private static Map<String, Object> revokedValues(UUID id) {
        Map<String, Object> values = new HashMap<>();
        values.put("apiKeyId", id.toString());
        return values;
    }

    /**
     * Exchanges a key for an internal token; unknown, revoked, orphaned or of an inactive tenant → 401. Blocking (its
     * callers are): it waits for the lookup by hash, then for its user and the key's use in the key's tenant.
     */
    public Exchanged exchange(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            throw invalid();
        }
        ApiKey key = ReactiveTenantTx.await(() -> keys.bySecretHash(Secrets.sha256(secret)));
        if (key == null || key.revokedAt != null || key.userId == null) {
            throw invalid();
        }
        User user = ReactiveTenantTx.await(
                () -> ReactiveTenantTx.inTenant(key.tenantId, s -> users.inTenant(key.tenantId, key.userId)
                        .call(u -> u != null && u.tenant.active()
                                ? keys.touch(key.tenantId, key.id)
                                : Uni.createFrom().nullItem())));
        if (user == null || !user.tenant.active()) {
            throw invalid();
        }
        // the creator may have been demoted since: the key never exceeds the creator's current role
        var scopes = new ArrayList<>(key.scopeList());
        scopes.retainAll(Roles.scopesOf(user.role));
        var token =
                issuer.issueInternal(user.id, user.tenantId(), user.plan(), user.role, key.id, scopes, key.kbIdList());
        return new Exchanged(token, user.tenantId(), user.id, key.id);
    }

    private static ApiException notFound() {
        return new ApiException(404, "not_found", "no such API key");
    }

    private static ApiException invalid() {
        return new ApiException(401, "invalid_token", "unknown or revoked API key");
    }
}
