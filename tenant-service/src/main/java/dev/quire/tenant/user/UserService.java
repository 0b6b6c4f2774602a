package dev.quire.tenant.user;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.apikey.ApiKeyService;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.auth.AuthService;
import dev.quire.tenant.auth.Caller;
import dev.quire.tenant.auth.PasswordHasher;
import dev.quire.tenant.auth.PasswordPolicy;
import dev.quire.tenant.auth.Roles;
import dev.quire.tenant.auth.Secrets;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.tenant.TenantChanges;
import dev.quire.tenant.tenant.Tenants;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Users of a tenant, managed by its admins: an admin cannot create, promote, demote or delete an owner, and the last
 * owner can be neither demoted nor deleted. Each method runs one reactive transaction under the caller's tenant wall
 * and waits for it (its callers, the resources, are blocking). One class because creation, role change and deletion
 * share those owner rules, the owners' lock that enforces the last one, and the change-announce-audit sequence.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class UserService {
    /** A created user; {@code invitationToken} is set (once) when no password was given. */
    public record Created(User user, String invitationToken) {}

    private final Users users;
    private final Tenants tenants;
    private final ApiKeyService keys;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final TenantConfig config;
    private final TenantChanges changes;

    public List<User> list(Caller caller, Instant afterTime, UUID afterId, int limit) {
        UUID tenantId = caller.tenantId();
        return ReactiveTenantTx.await(
                () -> ReactiveTenantTx.inTenant(tenantId, s -> users.page(tenantId, afterTime, afterId, limit)));
    }

    public User get(Caller caller, UUID id) {
        UUID tenantId = caller.tenantId();
        return ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(
                tenantId, s -> users.inTenant(tenantId, id).map(UserService::found)));
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
            PasswordPolicy.check(password, email);
            hash = hasher.hash(password); // here on the worker thread, never on the transaction's event loop
        }
        String invitation = password == null ? Secrets.generate(AuthService.INVITATION_PREFIX) : null;
        String passwordHash = hash;
        UUID tenantId = caller.tenantId();
        var created = ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(
                        tenantId, s -> users.byEmailInTenant(tenantId, email).chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().failure(emailTaken());
                            }
                            return tenants.findById(tenantId).chain(tenant -> {
                                var user = Users.of(tenant, email, passwordHash, role);
                                if (invitation != null) {
                                    user.invitationHash = Secrets.sha256(invitation);
                                    user.invitationExpiresAt = Instant.now().plusSeconds(config.invitationTtlSeconds());
                                }
                                return users.persistAndFlush(user)
                                        .chain(() -> audit.record(
                                                s,
                                                tenantId,
                                                caller.who(),
                                                invitation == null ? "user.create" : "user.invite",
                                                "user",
                                                user.id,
                                                "success",
                                                Map.of("role", role, "email", email)))
                                        .replaceWith(user);
                            });
                        }))
                // two creations of one address at once: the loser meets the constraint, as the check above would
                .onFailure(e -> Users.violates(e, Users.EMAIL_PER_TENANT))
                .transform(e -> emailTaken()));
        return new Created(created, invitation);
    }

    public User changeRole(Caller caller, UUID id, String role) {
        checkRole(role);
        UUID tenantId = caller.tenantId();
        return ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(
                tenantId,
                s -> users.inTenant(tenantId, id).map(UserService::found).chain(target -> {
                    String previous = target.role;
                    boolean ownerInvolved = Roles.OWNER.equals(role) || Roles.OWNER.equals(previous);
                    if (ownerInvolved && !Roles.atLeast(caller.role(), Roles.OWNER)) {
                        return Uni.createFrom()
                                .failure(new ApiException(
                                        403, "forbidden", "only an owner may grant or take the owner role"));
                    }
                    Uni<Void> check = Roles.OWNER.equals(previous) && !Roles.OWNER.equals(role)
                            ? requireAnotherOwner(tenantId)
                            : Uni.createFrom().voidItem();
                    if (role.equals(previous)) {
                        return check.replaceWith(target);
                    }
                    return check.invoke(() -> target.role = role)
                            // the gateway drops its view of this user at once: the old role stops working everywhere
                            .chain(() -> announceAndAudit(
                                    s, caller, id, "user.role_change", Map.of("from", previous, "to", role)))
                            .replaceWith(target);
                })));
    }

    /** Deletes a user, revoking the API keys they created and their sessions. */
    public void delete(Caller caller, UUID id) {
        UUID tenantId = caller.tenantId();
        ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(
                tenantId,
                s -> users.inTenant(tenantId, id).map(UserService::found).chain(target -> {
                    Uni<Void> check = Uni.createFrom().voidItem();
                    if (Roles.OWNER.equals(target.role)) {
                        if (!Roles.atLeast(caller.role(), Roles.OWNER)) {
                            return Uni.createFrom()
                                    .failure(new ApiException(403, "forbidden", "only an owner may delete an owner"));
                        }
                        check = requireAnotherOwner(tenantId);
                    }
                    // the refresh tokens go with the row (on delete cascade)
                    return check.chain(() -> keys.revokeAllOf(s, tenantId, id, caller.who()))
                            .chain(() -> users.delete(target))
                            .chain(() -> announceAndAudit(
                                    s, caller, id, "user.delete", Map.of("email", target.email, "role", target.role)));
                })));
    }

    /** Announces that user {@code id} changed (the gateway drops its view of them) and audits {@code action} on them. */
    private Uni<Void> announceAndAudit(
            Mutiny.Session s, Caller caller, UUID id, String action, Map<String, Object> detail) {
        return changes.announce(s, caller.tenantId(), "user-changed", Map.of("userId", id.toString()))
                .chain(() -> audit.record(s, caller.tenantId(), caller.who(), action, "user", id, "success", detail));
    }

    private Uni<Void> requireAnotherOwner(UUID tenantId) {
        return users.lockOwners(tenantId).map(n -> {
            if (n <= 1) {
                throw new ApiException(409, "conflict", "a tenant keeps at least one owner");
            }
            return null;
        });
    }

    private static User found(User u) {
        if (u == null) {
            throw new ApiException(404, "not_found", "no such user");
        }
        return u;
    }

    private static ApiException emailTaken() {
        // only this tenant's own users conflict: an address registered in another tenant is created like a new one
        // (emails are unique per tenant), so an admin learns nothing about other tenants
        return new ApiException(409, "conflict", "this email is already a user of this tenant");
    }

    private static void checkRole(String role) {
        if (role == null || !Roles.TENANT_ROLES.contains(role)) {
            throw ApiException.validation("role must be one of " + Roles.TENANT_ROLES);
        }
    }
}
