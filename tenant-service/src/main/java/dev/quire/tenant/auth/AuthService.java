package dev.quire.tenant.auth;

import dev.quire.tenant.api.ApiException;
import dev.quire.tenant.config.TenantConfig;
import dev.quire.tenant.store.TenantStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Sign-up and password sign-in. */
@ApplicationScoped
public class AuthService {
    /** The result of a sign-up. */
    public record SignedUp(UUID tenantId, UUID userId, TokenIssuer.IssuedToken token) {}

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s]{2,63}$");

    private final TenantStore store;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final TenantConfig config;

    public AuthService(TenantStore store, PasswordHasher hasher, TokenIssuer issuer, TenantConfig config) {
        this.store = store;
        this.hasher = hasher;
        this.issuer = issuer;
        this.config = config;
    }

    public SignedUp signup(String tenantName, String rawEmail, String password, String plan) {
        if (!config.openSignup()) {
            throw new ApiException(403, "forbidden", "open sign-up is switched off");
        }
        String email = normalise(rawEmail);
        if (tenantName == null || tenantName.isBlank() || tenantName.length() > 200) {
            throw ApiException.validation("tenantName is required (at most 200 characters)");
        }
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.validation("email is not a valid address");
        }
        if (password == null || password.length() < 8 || password.length() > 1024) {
            throw ApiException.validation("password needs 8 to 1024 characters");
        }
        String chosen = plan == null || plan.isBlank() ? "free" : plan;
        if (!store.selfServePlan(chosen)) {
            throw ApiException.validation("plan must be one of the self-serve plans");
        }
        UUID tenantId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        try {
            store.createTenantWithOwner(tenantId, tenantName.strip(), chosen, userId, email, hasher.hash(password));
        } catch (TenantStore.EmailTaken e) {
            throw new ApiException(409, "conflict", "this email is already registered");
        }
        return new SignedUp(tenantId, userId, issuer.issue(userId, tenantId, chosen, "owner"));
    }

    public TokenIssuer.IssuedToken token(String rawEmail, String password) {
        if (rawEmail == null || password == null) {
            throw ApiException.validation("email and password are required");
        }
        var user = store.userByEmail(normalise(rawEmail));
        if (user.isEmpty()) {
            hasher.burn(password);
            throw invalid();
        }
        var u = user.get();
        if (!hasher.matches(password, u.passwordHash()) || !"active".equals(u.tenantStatus())) {
            throw invalid();
        }
        return issuer.issue(u.id(), u.tenantId(), u.plan(), u.role());
    }

    private static ApiException invalid() {
        return new ApiException(401, "invalid_credentials", "wrong email or password");
    }

    private static String normalise(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
