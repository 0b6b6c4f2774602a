package dev.quire.tenant.auth;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.Db;
import dev.quire.tenant.audit.AuditLog;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.tenant.Plans;
import dev.quire.tenant.tenant.TenantStore;
import dev.quire.tenant.user.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Sign-up, password sign-in, refresh-token rotation, logout, invitations and password changes. One class because
 * every flow starts or acts on the same refresh-token family: once identity is proven, {@link #startSession} opens a
 * family in that transaction, and rotation, logout and password changes spend or revoke families by their hash; the
 * flows also share the email and password rules.
 */
@ApplicationScoped
public class AuthService {
    /** A signed-in session: an access token and the refresh secret for the cookie. */
    public record Session(UUID tenantId, UUID userId, TokenIssuer.IssuedToken token, String refreshSecret) {}

    /** A plausible address: a local part, an @, a domain with a dot (also the sign-up record's constraint). */
    public static final String EMAIL_PATTERN = "^[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s]{2,63}$";

    private static final Pattern EMAIL = Pattern.compile(EMAIL_PATTERN);
    public static final String REFRESH_PREFIX = "qr_";
    public static final String INVITATION_PREFIX = "qi_";
    /** Accounts of one email whose passwords a sign-in tries, oldest first; every sign-in costs this many hashes. */
    static final int MAX_SIGN_IN_CANDIDATES = 3;

    private final Db db;
    private final TenantStore tenants;
    private final Plans plans;
    private final UserStore users;
    private final CredentialStore credentials;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final TenantConfig config;
    private final AuditLog audit;

    public AuthService(
            Db db,
            TenantStore tenants,
            Plans plans,
            UserStore users,
            CredentialStore credentials,
            PasswordHasher hasher,
            TokenIssuer issuer,
            TenantConfig config,
            AuditLog audit) {
        this.db = db;
        this.tenants = tenants;
        this.plans = plans;
        this.users = users;
        this.credentials = credentials;
        this.hasher = hasher;
        this.issuer = issuer;
        this.config = config;
        this.audit = audit;
    }

    public Session signup(String tenantName, String rawEmail, String password, String plan, String ip) {
        if (!config.openSignup()) {
            throw new ApiException(403, "forbidden", "open sign-up is switched off");
        }
        String email = normalise(rawEmail);
        if (tenantName == null || tenantName.isBlank() || tenantName.length() > 200) {
            throw ApiException.validation("tenantName is required (at most 200 characters)");
        }
        checkEmail(email);
        checkPassword(password);
        String chosen = plan == null || plan.isBlank() ? "free" : plan;
        if (plans.byIdNow(chosen).filter(p -> p.selfServe).isEmpty()) {
            throw ApiException.validation("plan must be one of the self-serve plans");
        }
        String hash = hasher.hash(password);
        UUID tenantId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        try {
            return db.tx(c -> {
                tenants.create(c, tenantId, tenantName.strip(), chosen);
                users.insert(c, userId, tenantId, email, hash, Roles.OWNER, null, null);
                audit.record(
                        c,
                        tenantId,
                        AuditLog.Who.user(userId, ip),
                        "tenant.signup",
                        "tenant",
                        tenantId,
                        "success",
                        Map.of("plan", chosen));
                return startSession(c, userId, tenantId, chosen, Roles.OWNER);
            });
        } catch (UserStore.EmailTaken e) {
            throw new ApiException(409, "conflict", "this email is already registered");
        }
    }

    /** Password sign-in; a suspended or deleted tenant's users are refused like wrong credentials. */
    public Session passwordToken(String rawEmail, String password, String ip) {
        return passwordToken(rawEmail, password, null, ip);
    }

    /**
     * Password sign-in. An email may have an account in several tenants: the password picks the account (the oldest
     * active one it opens, among the oldest {@value #MAX_SIGN_IN_CANDIDATES}), or {@code tenantId} names the tenant.
     * Every sign-in computes exactly {@value #MAX_SIGN_IN_CANDIDATES} password hashes, so neither the answer nor its
     * time tells how many accounts an address has. A suspended or deleted tenant's users are refused like wrong
     * credentials. A failure is audited only when the address has one account: with several, another tenant's admin
     * may have added it and must not learn when or from where its owner signs in elsewhere.
     */
    public Session passwordToken(String rawEmail, String password, UUID tenantId, String ip) {
        if (rawEmail == null || password == null) {
            throw ApiException.validation("email and password are required");
        }
        String email = normalise(rawEmail);
        var candidates = db.tx(c -> tenantId == null
                ? users.allByEmail(c, email, MAX_SIGN_IN_CANDIDATES)
                : users.byEmailInTenant(c, tenantId, email).stream().toList());
        UserStore.UserRow match = null;
        UserStore.UserRow inactive = null;
        for (var u : candidates) {
            boolean ok = u.passwordHash() != null && hasher.matches(password, u.passwordHash());
            if (u.passwordHash() == null) {
                hasher.burn(password);
            }
            if (ok && match == null && "active".equals(u.tenantStatus())) {
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
                audit.record(
                        u.tenantId(),
                        AuditLog.Who.user(u.id(), ip),
                        "auth.sign_in",
                        "user",
                        u.id(),
                        "failure",
                        Map.of("reason", inactive != null ? "tenant_" + u.tenantStatus() : "wrong_password"));
            }
            throw invalid();
        }
        var u = match;
        return db.tx(c -> {
            audit.record(
                    c, u.tenantId(), AuditLog.Who.user(u.id(), ip), "auth.sign_in", "user", u.id(), "success", null);
            return startSession(c, u.id(), u.tenantId(), u.plan(), u.role());
        });
    }

    /**
     * Rotates a refresh token: the presented one is spent and a new one of the same family returned. Presenting a
     * spent or revoked token again is taken as theft and revokes the whole family.
     */
    public Session refresh(String secret) {
        if (secret == null || !secret.startsWith(REFRESH_PREFIX)) {
            throw invalidToken();
        }
        String hash = Secrets.sha256(secret);
        // the family revocation must commit even though the request then fails
        record Outcome(Session session, boolean reused) {}
        Outcome out = db.tx(c -> {
            var row = credentials.refreshByHash(c, hash);
            if (row.isEmpty()) {
                return new Outcome(null, false);
            }
            var r = row.get();
            if (r.usedAt() != null || r.revokedAt() != null) {
                credentials.revokeFamily(c, r.familyId());
                return new Outcome(null, r.usedAt() != null);
            }
            if (r.expiresAt().isBefore(Instant.now())) {
                return new Outcome(null, false);
            }
            var user = users.byId(c, r.userId());
            if (user.isEmpty() || !"active".equals(user.get().tenantStatus())) {
                credentials.revokeFamily(c, r.familyId());
                return new Outcome(null, false);
            }
            var u = user.get();
            credentials.markUsed(c, r.id());
            String next = Secrets.generate(REFRESH_PREFIX);
            credentials.addRefresh(
                    c,
                    UUID.randomUUID(),
                    r.familyId(),
                    u.id(),
                    u.tenantId(),
                    Secrets.sha256(next),
                    Instant.now().plusSeconds(config.refreshTtlSeconds()));
            return new Outcome(
                    new Session(u.tenantId(), u.id(), issuer.issue(u.id(), u.tenantId(), u.plan(), u.role()), next),
                    false);
        });
        if (out.session() == null) {
            throw invalidToken();
        }
        return out.session();
    }

    /** Revokes the family of the presented refresh token, if any. */
    public void logout(String secret) {
        if (secret == null || !secret.startsWith(REFRESH_PREFIX)) {
            return;
        }
        db.tx(c -> {
            var row = credentials.refreshByHash(c, Secrets.sha256(secret));
            if (row.isPresent()) {
                credentials.revokeFamily(c, row.get().familyId());
            }
            return null;
        });
    }

    /** Sets the password of an invited user and signs them in. */
    public Session acceptInvitation(String token, String password, String ip) {
        if (token == null || !token.startsWith(INVITATION_PREFIX)) {
            throw invalidToken();
        }
        checkPassword(password);
        String hash = hasher.hash(password);
        return db.tx(c -> {
            var u = users.byInvitation(c, Secrets.sha256(token)).orElseThrow(AuthService::invalidToken);
            if (!"active".equals(u.tenantStatus())) {
                throw invalidToken();
            }
            users.setPassword(c, u.id(), hash);
            audit.record(
                    c,
                    u.tenantId(),
                    AuditLog.Who.user(u.id(), ip),
                    "user.invitation_accept",
                    "user",
                    u.id(),
                    "success",
                    null);
            return startSession(c, u.id(), u.tenantId(), u.plan(), u.role());
        });
    }

    /** Changes the caller's password and ends their other sessions (refresh tokens). */
    public void changePassword(UUID tenantId, UUID userId, String current, String next, String ip) {
        if (current == null) {
            throw ApiException.validation("currentPassword is required");
        }
        checkPassword(next);
        var u = db.tx(c -> users.inTenant(c, tenantId, userId)).orElseThrow(AuthService::invalidToken);
        if (u.passwordHash() == null || !hasher.matches(current, u.passwordHash())) {
            audit.record(
                    tenantId, AuditLog.Who.user(userId, ip), "auth.password_change", "user", userId, "failure", null);
            throw new ApiException(400, "validation_failed", "currentPassword is wrong");
        }
        String hash = hasher.hash(next);
        db.tx(c -> {
            users.setPassword(c, userId, hash);
            credentials.revokeUserRefresh(c, userId);
            audit.record(
                    c,
                    tenantId,
                    AuditLog.Who.user(userId, ip),
                    "auth.password_change",
                    "user",
                    userId,
                    "success",
                    null);
            return null;
        });
    }

    /** Issues the access token and starts a refresh family for a user who just proved who they are. */
    Session startSession(Connection c, UUID userId, UUID tenantId, String plan, String role) throws SQLException {
        String refresh = Secrets.generate(REFRESH_PREFIX);
        credentials.addRefresh(
                c,
                UUID.randomUUID(),
                UUID.randomUUID(),
                userId,
                tenantId,
                Secrets.sha256(refresh),
                Instant.now().plusSeconds(config.refreshTtlSeconds()));
        return new Session(tenantId, userId, issuer.issue(userId, tenantId, plan, role), refresh);
    }

    public static void checkEmail(String email) {
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw ApiException.validation("email is not a valid address");
        }
    }

    public static void checkPassword(String password) {
        if (password == null || password.length() < 8 || password.length() > 1024) {
            throw ApiException.validation("password needs 8 to 1024 characters");
        }
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
