package dev.quire.tenant.auth;

import dev.quire.platform.secrets.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/** Random opaque secrets (API keys, refresh tokens, invitations) and the SHA-256 hashes they are stored as. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** {@code prefix} + 32 random bytes in unpadded base64url (43 characters). */
    public static String generate(String prefix) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String sha256(String secret) {
        return Sha256.hex(secret);
    }
}
