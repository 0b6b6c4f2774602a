package dev.quire.tenant.user;

import dev.quire.tenant.api.KeysetQuery;
import dev.quire.tenant.api.Timestamps;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The users' queries (Hibernate Reactive), each with its tenant and plan fetched in the same statement. They run in
 * the caller's transaction, whose row-level security (V8) sees one tenant's users, or, for the lookups that come before
 * any tenant is known, only the users of the email, invitation or external subject that transaction was set to
 * ({@link #EMAIL_SETTING}, {@link #INVITATION_SETTING}, {@link #SUBJECT_SETTING}).
 */
@ApplicationScoped
public class Users implements PanacheRepositoryBase<User, UUID> {
    /** The setting that lets a password sign-in see the accounts of the email it was handed. */
    public static final String EMAIL_SETTING = "app.user_email";

    /** The setting that lets an invitation's acceptance see the user whose invitation token it was handed. */
    public static final String INVITATION_SETTING = "app.invitation_hash";

    /** The setting that lets an OIDC exchange see the user of the verified external subject. */
    public static final String SUBJECT_SETTING = "app.external_subject";

    /** The unique constraint of an email within a tenant (V4). */
    public static final String EMAIL_PER_TENANT = "users_tenant_email";

    /** The unique constraint of an external subject (V2). */
    public static final String SUBJECT_UNIQUE = "users_external_subject_key";

    private static final String FROM = "from User u join fetch u.tenant t join fetch t.plan where ";
    private static final String OLDEST_FIRST = " order by u.createdAt, u.id";

    /** A user of this tenant only; another tenant's user is null. */
    public Uni<User> inTenant(UUID tenantId, UUID id) {
        return find(FROM + "u.tenant.id = ?1 and u.id = ?2", tenantId, id).firstResult();
    }

    /** The accounts of this email, oldest first, at most {@code limit} (an email may have one in each tenant). */
    public Uni<List<User>> byEmail(String email, int limit) {
        return find(FROM + "u.email = ?1" + OLDEST_FIRST, email)
                .range(0, limit - 1)
                .list();
    }

    /** The account of this email in one tenant. */
    public Uni<User> byEmailInTenant(UUID tenantId, String email) {
        return find(FROM + "u.tenant.id = ?1 and u.email = ?2", tenantId, email).firstResult();
    }

    /** The oldest account of this email with this role (the platform operator's), if any. */
    public Uni<User> byEmailAndRole(String email, String role) {
        return find(FROM + "u.email = ?1 and u.role = ?2" + OLDEST_FIRST, email, role)
                .firstResult();
    }

    public Uni<User> byExternalSubject(String subject) {
        return find(FROM + "u.externalSubject = ?1", subject).firstResult();
    }

    /** An unexpired invitation by the hash of its token. */
    public Uni<User> byInvitation(String hash) {
        return find(FROM + "u.invitationHash = ?1 and u.invitationExpiresAt > ?2", hash, Instant.now())
                .firstResult();
    }

    /** A tenant's users, oldest first after the (createdAt, id) cursor when given. */
    public Uni<List<User>> page(UUID tenantId, Instant afterTime, UUID afterId, int limit) {
        return KeysetQuery.from(FROM, "u")
                .where("tenant.id", tenantId)
                .after(afterTime, afterId)
                .list(this, limit);
    }

    /** Locks the tenant's owners (so two concurrent demotions cannot remove the last one) and counts them. */
    public Uni<Integer> lockOwners(UUID tenantId) {
        return find("tenant.id = ?1 and role = 'owner'", tenantId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list()
                .map(List::size);
    }

    /** Sets a password and spends any pending invitation; false when the user is not visible or has none pending. */
    public Uni<Boolean> acceptInvitation(UUID id, String invitationHash, String passwordHash) {
        return update(
                        "passwordHash = ?1, invitationHash = null, invitationExpiresAt = null"
                                + " where id = ?2 and invitationHash = ?3",
                        passwordHash,
                        id,
                        invitationHash)
                .map(n -> n == 1);
    }

    /** Sets a user's password (the tenant's users only). */
    public Uni<Integer> setPassword(UUID tenantId, UUID id, String passwordHash) {
        return update(
                "passwordHash = ?1, invitationHash = null, invitationExpiresAt = null where tenant.id = ?2 and id = ?3",
                passwordHash,
                tenantId,
                id);
    }

    /** Ends the user's access tokens issued before now (to the second a token's {@code iat} counts in). */
    public Uni<Integer> endTokens(UUID tenantId, UUID id) {
        return update(
                "tokensValidAfter = ?1 where tenant.id = ?2 and id = ?3",
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                tenantId,
                id);
    }

    /** Whether a failure is the violation of this constraint, however the driver and Hibernate wrapped it. */
    public static boolean violates(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(constraint)) {
                return true;
            }
        }
        return false;
    }

    /** A new user, created now. */
    public static User of(dev.quire.tenant.tenant.Tenant tenant, String email, String passwordHash, String role) {
        var u = new User();
        u.id = UUID.randomUUID();
        u.tenant = tenant;
        u.email = email;
        u.passwordHash = passwordHash;
        u.role = role;
        u.createdAt = Timestamps.now();
        return u;
    }
}
