package dev.quire.platform.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The check every service's {@code /internal/**} routes make: the shared secret in {@code X-Quire-Internal-Secret},
 * compared in constant time. A service with no secret configured refuses every internal call (never an open door).
 */
public final class InternalSecret {
    private InternalSecret() {}

    /** Whether {@code given} is the configured secret (false when none is configured or it is blank). */
    public static boolean matches(String given, Optional<String> configured) {
        var secret = configured.map(String::strip).filter(s -> !s.isEmpty());
        return secret.isPresent()
                && given != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), secret.get().getBytes(StandardCharsets.UTF_8));
    }

    /** 401 {@code invalid_token} unless {@code given} is the configured secret. */
    public static void require(String given, Optional<String> configured) {
        if (!matches(given, configured)) {
            throw new ApiException(401, "invalid_token", "internal routes need the internal secret");
        }
    }
}
