package dev.quire.tenant.user;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.Db;
import dev.quire.tenant.apikey.ApiKeyService;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.auth.AuthService;
import dev.quire.tenant.auth.Caller;
import dev.quire.tenant.auth.PasswordHasher;
import dev.quire.tenant.auth.Roles;
import dev.quire.tenant.auth.Secrets;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.tenant.TenantChanges;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Users of a tenant, managed by its admins: an admin cannot create, promote, demote or delete an owner, and the last
 * owner can be neither demoted nor deleted.
 */
@ApplicationScoped
public class UserService {
    /** A created user; {@code invitationToken} is set (once) when no password was given. */
    public record Created(UserStore.UserRow user, String invitationToken) {}

    private final Db db;
    private final UserStore users;
    private final ApiKeyService keys;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final TenantConfig config;
    private final TenantChanges changes;

    public UserService(
            Db db,
            UserStore users,
            ApiKeyService keys,
            PasswordHasher hasher,
            AuditLog audit,
            TenantConfig config,
            TenantChanges changes) {
        this.changes = changes;
        this.db = db;
        this.users = users;
        this.keys = keys;
        this.hasher = hasher;
        this.audit = audit;
        this.config = config;
    }

    public List<UserStore.UserRow> list(Caller caller, Instant afterTime, UUID afterId, int limit) {
        return db.tx(c -> users.list(c, caller.tenantId(), afterTime, afterId, limit));
    }

    public UserStore.UserRow get(Caller caller, UUID id) {
        return db.tx(c -> users.inTenant(c, caller.tenantId(), id)).orElseThrow(UserService::notFound);
    }

    public Created create(Caller caller, String rawEmail, String role, String password) {
        String email = AuthService.normalise(rawEmail);
        AuthService.checkEmail(email);
        checkRole(role);
        if (Roles.OWNER.equals(role) && !Roles.atLeast(caller.role(), Roles.OWNER)) {
            throw new ApiException(403, "forbidden", "only an owner may create owners");
        }
        String hash = null;
        if (password != null) {
            AuthService.checkPassword(password);
            hash = hasher.hash(password);
        }
        String invitation = password == null ? Secrets.generate(AuthService.INVITATION_PREFIX) : null;
        UUID id = UUID.randomUUID();
        String finalHash = hash;
        try {
            var row = db.tx(c -> {
                users.insert(
                        c,
                        id,
                        caller.tenantId(),
                        email,
                        finalHash,
                        role,
                        invitation == null ? null : Secrets.sha256(invitation),
                        invitation == null ? null : Instant.now().plusSeconds(config.invitationTtlSeconds()));
                audit.record(
                        c,
                        caller.tenantId(),
                        caller.who(),
                        invitation == null ? "user.create" : "user.invite",
                        "user",
                        id,
                        "success",
                        Map.of("role", role, "email", email));
                return users.inTenant(c, caller.tenantId(), id).orElseThrow();
            });
            return new Created(row, invitation);
        } catch (UserStore.EmailTaken e) {
            // only this tenant's own users conflict: an address registered in another tenant is created like a new
            // one (emails are unique per tenant), so an admin learns nothing about other tenants
            throw new ApiException(409, "conflict", "this email is already a user of this tenant");
        }
    }

    public UserStore.UserRow changeRole(Caller caller, UUID id, String role) {
        checkRole(role);
        return db.tx(c -> {
            var target = users.inTenant(c, caller.tenantId(), id).orElseThrow(UserService::notFound);
            boolean ownerInvolved = Roles.OWNER.equals(role) || Roles.OWNER.equals(target.role());
            if (ownerInvolved && !Roles.atLeast(caller.role(), Roles.OWNER)) {
                throw new ApiException(403, "forbidden", "only an owner may grant or take the owner role");
            }
            if (Roles.OWNER.equals(target.role()) && !Roles.OWNER.equals(role)) {
                requireAnotherOwner(c, caller.tenantId());
            }
            if (!role.equals(target.role())) {
                users.setRole(c, caller.tenantId(), id, role);
                // the gateway drops its view of this user at once: the old role stops working everywhere
                changes.announce(c, caller.tenantId(), "user-changed", Map.of("userId", id.toString()));
                audit.record(
                        c,
                        caller.tenantId(),
                        caller.who(),
                        "user.role_change",
                        "user",
                        id,
                        "success",
                        Map.of("from", target.role(), "to", role));
            }
            return users.inTenant(c, caller.tenantId(), id).orElseThrow();
        });
    }

    /** Deletes a user, revoking the API keys they created and their sessions. */
    public void delete(Caller caller, UUID id) {
        db.tx(c -> {
            var target = users.inTenant(c, caller.tenantId(), id).orElseThrow(UserService::notFound);
            if (Roles.OWNER.equals(target.role())) {
                if (!Roles.atLeast(caller.role(), Roles.OWNER)) {
                    throw new ApiException(403, "forbidden", "only an owner may delete an owner");
                }
                requireAnotherOwner(c, caller.tenantId());
            }
            keys.revokeAllOf(c, caller.tenantId(), id, caller.who());
            users.delete(c, caller.tenantId(), id);
            changes.announce(c, caller.tenantId(), "user-changed", Map.of("userId", id.toString()));
            audit.record(
                    c,
                    caller.tenantId(),
                    caller.who(),
                    "user.delete",
                    "user",
                    id,
                    "success",
                    Map.of("email", target.email(), "role", target.role()));
            return null;
        });
    }

    private void requireAnotherOwner(Connection c, UUID tenantId) throws SQLException {
        if (users.lockOwners(c, tenantId) <= 1) {
            throw new ApiException(409, "conflict", "a tenant keeps at least one owner");
        }
    }

    private static void checkRole(String role) {
        if (role == null || !Roles.TENANT_ROLES.contains(role)) {
            throw ApiException.validation("role must be one of " + Roles.TENANT_ROLES);
        }
    }

    private static ApiException notFound() {
        return new ApiException(404, "not_found", "no such user");
    }
}
