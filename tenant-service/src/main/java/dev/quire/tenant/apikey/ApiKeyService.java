package dev.quire.tenant.apikey;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.Db;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.auth.Caller;
import dev.quire.tenant.auth.CredentialStore;
import dev.quire.tenant.auth.Roles;
import dev.quire.tenant.auth.Secrets;
import dev.quire.tenant.auth.TokenIssuer;
import dev.quire.tenant.tenant.TenantChanges;
import dev.quire.tenant.user.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * API keys: {@code qk_} + 32 random bytes (base64url), shown once, stored as SHA-256; scopes never beyond the
 * creator's role. Exchanging a key yields a short internal JWT; revoking one is announced on {@code tenant.changed}.
 */
@ApplicationScoped
public class ApiKeyService {
    public static final String PREFIX = "qk_";

    /** A new key with its secret, which is never shown again. */
    public record Created(CredentialStore.ApiKeyRow key, String secret) {}

    /** The internal token an exchange yields and whom it speaks for. */
    public record Exchanged(TokenIssuer.IssuedToken token, UUID tenantId, UUID userId, UUID apiKeyId) {}

    private final Db db;
    private final CredentialStore credentials;
    private final UserStore users;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final TenantChanges changes;

    public ApiKeyService(
            Db db,
            CredentialStore credentials,
            UserStore users,
            TokenIssuer issuer,
            AuditLog audit,
            TenantChanges changes) {
        this.db = db;
        this.credentials = credentials;
        this.users = users;
        this.issuer = issuer;
        this.audit = audit;
        this.changes = changes;
    }

    public Created create(Caller caller, String name, List<String> requestedScopes, List<String> kbIds) {
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
            if (!allowed.contains(s) || !caller.scopes().contains(s)) {
                throw ApiException.validation("scope '" + s + "' is beyond your role " + caller.role());
            }
        }
        List<UUID> kbs = null;
        if (kbIds != null) {
            kbs = new ArrayList<>();
            for (String k : kbIds) {
                try {
                    kbs.add(UUID.fromString(k));
                } catch (RuntimeException e) {
                    throw ApiException.validation("knowledgeBaseIds must be UUIDs");
                }
            }
        }
        String secret = Secrets.generate(PREFIX);
        UUID id = UUID.randomUUID();
        List<UUID> finalKbs = kbs;
        var row = db.tx(c -> {
            credentials.addKey(
                    c,
                    id,
                    caller.tenantId(),
                    caller.userId(),
                    name.strip(),
                    secret.substring(0, 10),
                    Secrets.sha256(secret),
                    scopes,
                    finalKbs);
            audit.record(
                    c,
                    caller.tenantId(),
                    caller.who(),
                    "api_key.create",
                    "api_key",
                    id,
                    "success",
                    Map.of("scopes", scopes));
            return credentials.key(c, caller.tenantId(), id).orElseThrow();
        });
        return new Created(row, secret);
    }

    /** Revokes a key of the caller's tenant; a non-admin may revoke only their own keys. */
    public void revoke(Caller caller, UUID id) {
        db.tx(c -> {
            var key = credentials.key(c, caller.tenantId(), id).orElseThrow(ApiKeyService::notFound);
            if (!Roles.atLeast(caller.role(), Roles.ADMIN) && !caller.userId().equals(key.userId())) {
                throw new ApiException(403, "forbidden", "only admins may revoke other users' keys");
            }
            revokeIn(c, caller.tenantId(), id, caller.who());
            return null;
        });
    }

    /** Revokes on the caller's transaction and announces it; nothing happens for an already revoked key. */
    public void revokeIn(Connection c, UUID tenantId, UUID id, AuditLog.Who who) throws SQLException {
        if (credentials.revokeKey(c, tenantId, id)) {
            Map<String, Object> values = new HashMap<>();
            values.put("apiKeyId", id.toString());
            changes.announce(c, tenantId, "api-key-revoked", values);
            audit.record(c, tenantId, who, "api_key.revoke", "api_key", id, "success", null);
        }
    }

    /** Exchanges a key for an internal token; unknown, revoked, orphaned or of an inactive tenant → 401. */
    public Exchanged exchange(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            throw invalid();
        }
        return db.tx(c -> {
            var key = credentials.keyByHash(c, Secrets.sha256(secret)).orElseThrow(ApiKeyService::invalid);
            if (key.revokedAt() != null || key.userId() == null) {
                throw invalid();
            }
            var user = users.inTenant(c, key.tenantId(), key.userId()).orElseThrow(ApiKeyService::invalid);
            if (!"active".equals(user.tenantStatus())) {
                throw invalid();
            }
            // the creator may have been demoted since: the key never exceeds the creator's current role
            var scopes = new ArrayList<>(key.scopes());
            scopes.retainAll(Roles.scopesOf(user.role()));
            credentials.touchKey(c, key.id());
            var token = issuer.issueInternal(
                    user.id(), user.tenantId(), user.plan(), user.role(), key.id(), scopes, key.kbIds());
            return new Exchanged(token, user.tenantId(), user.id(), key.id());
        });
    }

    private static ApiException notFound() {
        return new ApiException(404, "not_found", "no such API key");
    }

    private static ApiException invalid() {
        return new ApiException(401, "invalid_token", "unknown or revoked API key");
    }
}
