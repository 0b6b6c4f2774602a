package dev.quire.tenant.auth;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.tenant.api.Timestamps;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.tenant.Plans;
import dev.quire.tenant.tenant.TenantService;
import dev.quire.tenant.tenant.Tenants;
import dev.quire.tenant.user.User;
import dev.quire.tenant.user.Users;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import lombok.RequiredArgsConstructor;

/**
 * Sign-up, password sign-in, refresh-token rotation, logout, invitations and password changes. One class because
 * every flow starts or acts on the same refresh-token family: once identity is proven, {@link #startSession} opens a
 * family in that transaction, and rotation, logout and password changes spend or revoke families by their hash; the
 * flows also share the email and password rules. The flows are blocking: password hashes are computed on the worker
 * thread, between the reactive transactions each flow waits for, and tokens are signed after them.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class AuthService {
    /** A signed-in session: an access token and the refresh secret for the cookie. */
    public record Session(UUID tenantId, UUID userId, TokenIssuer.IssuedToken token, String refreshSecret) {}

    /** A user who proved who they are and the secret of the refresh token their transaction stored (null if none). */
    private record Started(User user, String refreshSecret) {}

    /** A plausible address: a local part, an @, a domain with a dot (also the sign-up record's constraint). */
    public static final String EMAIL_PATTERN = "^[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s]{2,63}$";

    private static final Pattern EMAIL = Pattern.compile(EMAIL_PATTERN);
    public static final String REFRESH_PREFIX = "qr_";
    public static final String INVITATION_PREFIX = "qi_";
    /** Accounts of one email whose passwords a sign-in tries, oldest first; every sign-in costs this many hashes. */
    static final int MAX_SIGN_IN_CANDIDATES = 3;

    private final Tenants tenants;
    private final Plans plans;
    private final Users users;
    private final RefreshTokens refreshTokens;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final TenantConfig config;
    private final AuditLog audit;

    public Session signup(String tenantName, String rawEmail, String password, String plan, String ip) {
        if (!config.openSignup()) {
            throw new ApiException(403, "forbidden", "open sign-up is switched off");
        }
        String email = normalise(rawEmail);
        if (tenantName == null || tenantName.isBlank() || tenantName.length() > 200) {
            throw ApiException.validation("tenantName is required (at most 200 characters)");
        }
        checkEmail(email);
        PasswordPolicy.check(password, email);
        String chosen = plan == null || plan.isBlank() ? "free" : plan;
        if (plans.byIdNow(chosen).filter(p -> p.selfServe).isEmpty()) {
            throw ApiException.validation("plan must be one of the self-serve plans");
        }
        String hash = hasher.hash(password);
        UUID tenantId = UUID.randomUUID();
        // a new tenant has no users yet: its owner's address cannot be taken
        return session(ReactiveTenantTx.await(() ->
                ReactiveTenantTx.inTenant(tenantId, s -> plans.findById(chosen).chain(p -> {
                    var tenant = TenantService.newTenant(tenantId, tenantName.strip(), p);
                    var owner = Users.of(tenant, email, hash, Roles.OWNER);
                    return tenants.persist(tenant)
                            .chain(() -> users.persist(owner))
                            .chain(() -> audit.record(
                                    s,
                                    tenantId,
                                    AuditLog.Who.user(owner.id, ip),
                                    "tenant.signup",
                                    "tenant",
                                    tenantId,
                                    "success",
                                    Map.of("plan", chosen)))
                            .chain(() -> startSession(owner));
                }))));
    }

    /** Password sign-in; a suspended or deleted tenant's users are refused like wrong credentials. */
    public Session passwordToken(String rawEmail, String password, String ip) {
        return passwordToken(rawEmail, password, null, ip).session();
    }

    /** A workspace an address and password open: the sign-in offers the choice when there are several. */
    public record Workspace(UUID tenantId, String name, String role) {}

    /**
     * A password sign-in's session, and every active workspace the same address and password open (oldest first, the
     * session's among them) when there are several and none was named: the sign-in page lets its user choose.
     */
    public record SignIn(Session session, List<Workspace> workspaces) {}

    /**
     * Password sign-in. An email may have an account in several tenants: the password picks the account (the oldest
     * active one it opens, among the oldest {@value #MAX_SIGN_IN_CANDIDATES}), or {@code tenantId} names the tenant.
     * Every sign-in computes exactly {@value #MAX_SIGN_IN_CANDIDATES} password hashes, so neither the answer nor its
     * time tells how many accounts an address has. A suspended or deleted tenant's users are refused like wrong
     * credentials. A failure is audited only when the address has one account: with several, another tenant's admin
     * may have added it and must not learn when or from where its owner signs in elsewhere. Without a tenant, the
     * lookup's transaction sees only the accounts of the address it was handed ({@link Users#EMAIL_SETTING}).
     */
    public SignIn passwordToken(String rawEmail, String password, UUID tenantId, String ip) {
        if (rawEmail == null || password == null) {
            throw ApiException.validation("email and password are required");
        }
        String email = normalise(rawEmail);
        List<User> candidates = ReactiveTenantTx.await(() -> tenantId == null
                ? ReactiveTenantTx.withSetting(
                        Users.EMAIL_SETTING, email, s -> users.byEmail(email, MAX_SIGN_IN_CANDIDATES))
                : ReactiveTenantTx.inTenant(tenantId, s -> users.byEmailInTenant(tenantId, email)
                        .map(u -> u == null ? List.of() : List.of(u))));
        User match = null;
        User inactive = null;
        List<Workspace> opened = new java.util.ArrayList<>();
        for (var u : candidates) {
            boolean ok = u.passwordHash != null && hasher.matches(password, u.passwordHash);
            if (u.passwordHash == null) {
                hasher.burn(password);
            }
            if (ok && u.tenant.active()) {
                opened.add(new Workspace(u.tenantId(), u.tenant.name, u.role));
            }
            if (ok && match == null && u.tenant.active()) {
                match = u;
            } else if (ok && inactive == null) {
                inactive = u;
            }
        }
        for (int i = candidates.size(); i < MAX_SIGN_IN_CANDIDATES; i++) {
            hasher.burn(password);
        }
        if (match == null) {
            if (candidates.size() == 1) {
                var u = candidates.get(0);
                audit.recordUserFailureNow(
                        u.tenantId(),
                        u.id,
                        ip,
                        "auth.sign_in",
                        Map.of("reason", inactive != null ? "tenant_" + u.tenantStatus() : "wrong_password"));
            }
            throw invalid();
        }
        var u = match;
        Session session =
                session(ReactiveTenantTx.await(() -> ReactiveTenantTx.inTenant(u.tenantId(), s -> audit.record(
                                s,
                                u.tenantId(),
                                AuditLog.Who.user(u.id, ip),
                                "auth.sign_in",
                                "user",
                                u.id,
                                "success",
                                null)
                        .chain(() -> startSession(u)))));
        return new SignIn(session, opened.size() > 1 ? List.copyOf(opened) : List.of());
    }

    /**
     * Rotates a refresh token: the presented one is spent and a new one of the same family returned. Presenting a
     * spent or revoked token again is taken as theft and revokes the whole family. The token names its tenant, whose
     * wall the transaction takes before it reads the user.
     */
    public Session refresh(String secret) {
        if (secret == null || !secret.startsWith(REFRESH_PREFIX)) {
            throw invalidToken();
        }
        String hash = Secrets.sha256(secret);
        var none = new Started(null, null);
        // the family revocation must commit even though the request then fails: the transaction ends normally
        Started out = ReactiveTenantTx.await(() -> ReactiveTenantTx.beforeTenant(
                s -> refreshTokens.byHashForUpdate(hash).chain(r -> {
                    if (r == null || (r.usedAt == null && r.revokedAt == null && r.expiresAt.isBefore(Instant.now()))) {
                        return Uni.createFrom().item(none);
                    }
                    if (r.usedAt != null || r.revokedAt != null) {
                        return refreshTokens.revokeFamily(r.familyId).replaceWith(none);
                    }
                    return ReactiveTenantTx.setTenant(s, r.tenantId)
                            .chain(() -> users.inTenant(r.tenantId, r.userId))
                            .chain(u -> {
                                if (u == null || !u.tenant.active()) {
                                    return refreshTokens
                                            .revokeFamily(r.familyId)
                                            .replaceWith(none);
                                }
                                r.usedAt = Timestamps.now();
                                String next = Secrets.generate(REFRESH_PREFIX);
                                return refreshTokens
                                        .add(r.familyId, u.id, u.tenantId(), Secrets.sha256(next), refreshExpiry())
                                        .replaceWith(new Started(u, next));
                            });
                })));
        if (out.user() == null) {
            throw invalidToken();
        }
        return session(out);
    }

    /** Revokes the family of the presented refresh token, if any. */
    public void logout(String secret) {
        if (secret == null || !secret.startsWith(REFRESH_PREFIX)) {
            return;
        }
        String hash = Secrets.sha256(secret);
        ReactiveTenantTx.await(() -> ReactiveTenantTx.beforeTenant(s -> refreshTokens
                .byHashForUpdate(hash)
                .chain(r -> r == null
                        ? Uni.createFrom().item(0)
                        : refreshTokens
                                .revokeFamily(r.familyId)
                                // the access token the signed-out page still holds ends too; another device's
                                // ends as well and renews with its own refresh token
                                .chain(() -> ReactiveTenantTx.setTenant(s, r.tenantId))
                                .chain(() -> users.endTokens(r.tenantId, r.userId)))));
    }

    /**
     * Sets the password of an invited user and signs them in. The lookup sees only the user of the invitation it was
     * handed ({@link Users#INVITATION_SETTING}); the transaction then takes that user's tenant wall.
     */
    /** What an invitation's page shows before the invited person chooses a password. */
    public record Invitation(String workspace, String email, String role, java.time.Instant expiresAt) {}

    /**
     * The open invitation a code stands for (401 {@code invalid_token} when unknown, used or expired, as accepting
     * it would be): the code is the credential, so whoever holds it may see where it leads.
     */
    public Invitation invitation(String token) {
        if (token == null || !token.startsWith(INVITATION_PREFIX)) {
            throw invalidToken();
        }
        String invitation = Secrets.sha256(token);
        User u = ReactiveTenantTx.await(() -> ReactiveTenantTx.withSetting(
                Users.INVITATION_SETTING, invitation, s -> users.byInvitation(invitation)));
        if (u == null || !u.tenant.active()) {
            throw invalidToken();
        }
        return new Invitation(u.tenant.name, u.email, u.role, u.invitationExpiresAt);
    }

    public Session acceptInvitation(String token, String password, String ip) {
        if (token == null || !token.startsWith(INVITATION_PREFIX)) {
            throw invalidToken();
        }
        checkPassword(password);
        String hash = hasher.hash(password);
        String invitation = Secrets.sha256(token);
        return session(ReactiveTenantTx.await(() ->
                ReactiveTenantTx.withSetting(Users.INVITATION_SETTING, invitation, s -> users.byInvitation(invitation)
                        .chain(u -> {
                            if (u == null || !u.tenant.active()) {
                                return Uni.createFrom().failure(invalidToken());
                            }
                            try {
                                PasswordPolicy.checkAddress(password, u.email);
                            } catch (ApiException e) {
                                return Uni.createFrom().failure(e);
                            }
                            return ReactiveTenantTx.setTenant(s, u.tenantId())
                                    .chain(() -> users.acceptInvitation(u.id, invitation, hash))
                                    .chain(accepted -> accepted
                                            ? audit.record(
                                                    s,
                                                    u.tenantId(),
                                                    AuditLog.Who.user(u.id, ip),
                                                    "user.invitation_accept",
                                                    "user",
                                                    u.id,
                                                    "success",
                                                    null)
                                            : Uni.createFrom().failure(invalidToken()))
                                    .chain(() -> startSession(u));
                        }))));
    }

    /**
     * Changes the caller's password and ends every session of theirs (refresh tokens, and access tokens issued before);
     * answers a new session, so the browser that changed it stays signed in.
     */
    public Session changePassword(UUID tenantId, UUID userId, String current, String next, String ip) {
        if (current == null) {
            throw ApiException.validation("currentPassword is required");
        }
        checkPassword(next);
        User u = ReactiveTenantTx.await(
                () -> ReactiveTenantTx.inTenant(tenantId, s -> users.inTenant(tenantId, userId)));
        if (u == null) {
            throw invalidToken();
        }
        PasswordPolicy.checkAddress(next, u.email); // the rest of the policy was checked above, before the lookup
        if (u.passwordHash == null || !hasher.matches(current, u.passwordHash)) {
            audit.recordUserFailureNow(tenantId, userId, ip, "auth.password_change", null);
            throw new ApiException(400, "validation_failed", "the current password (currentPassword) is wrong");
        }
        if (next.equals(current)) {
            // a "change" to the same password would still sign every other device out, for nothing
            throw ApiException.validation("the new password (newPassword) must differ from the current one");
        }
        String hash = hasher.hash(next);
        return session(ReactiveTenantTx.await(
                () -> ReactiveTenantTx.inTenant(tenantId, s -> users.setPassword(tenantId, userId, hash)
                        .chain(() -> refreshTokens.revokeAllOf(userId))
                        .chain(() -> users.endTokens(tenantId, userId))
                        .chain(() -> audit.record(
                                s,
                                tenantId,
                                AuditLog.Who.user(userId, ip),
                                "auth.password_change",
                                "user",
                                userId,
                                "success",
                                null))
                        .chain(() -> startSession(u)))));
    }

    /** Starts a refresh family for a user who just proved who they are, on the caller's transaction. */
    private Uni<Started> startSession(User u) {
        String refresh = Secrets.generate(REFRESH_PREFIX);
        return refreshTokens
                .add(null, u.id, u.tenantId(), Secrets.sha256(refresh), refreshExpiry())
                .replaceWith(new Started(u, refresh));
    }

    /** The session of a started user: its access token is signed here, after the transaction. */
    private Session session(Started started) {
        var u = started.user();
        return new Session(
                u.tenantId(),
                u.id,
                issuer.issue(u.id, u.tenantId(), u.plan(), u.role, u.email),
                started.refreshSecret());
    }

    private Instant refreshExpiry() {
        return Instant.now().plusSeconds(config.refreshTtlSeconds());
    }

    public static void checkEmail(String email) {
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw ApiException.validation("email is not a valid address");
        }
    }

    /** A new password's rules ({@link PasswordPolicy}), when the account's address is not known yet. */
    public static void checkPassword(String password) {
        PasswordPolicy.check(password, null);
    }

    public static String normalise(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    private static ApiException invalid() {
        return new ApiException(401, "invalid_credentials", "wrong email or password");
    }

    private static ApiException invalidToken() {
        return new ApiException(401, "invalid_token", "the token is unknown, expired or revoked");
    }
}
