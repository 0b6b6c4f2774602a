package dev.quire.connector.crypto;

import dev.quire.connector.config.ConnectorsConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals connector credentials with AES-256-GCM under the operator's key-encryption key ({@code QUIRE_CONNECTOR_KEK}):
 * a random 96-bit nonce per value, the connector's id as associated data (a sealed value moved to another row does
 * not open), and the key's version stored beside it. Opening never falls back to raw bytes: a wrong key, a tampered
 * value or an unknown key version is an error. During a key rotation it also holds the previous key
 * ({@code QUIRE_CONNECTOR_KEK_PREVIOUS}, its version one below unless given) to open values not re-sealed yet; it
 * always seals under the current key ({@link KekRotation} re-seals the rest).
 */
@ApplicationScoped
public class CredentialCipher {
    /** A sealed value and the version of the key that sealed it. */
    public record Sealed(byte[] bytes, int keyVersion) {}

    /** Credentials could not be opened: wrong or missing key, or the stored value was changed. */
    public static class SealException extends RuntimeException {
        public SealException(String message) {
            super(message);
        }
    }

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_KEK_LENGTH = 16;

    private final SecureRandom random = new SecureRandom();
    private final Optional<String> kek;
    private final int keyVersion;
    private final Optional<String> previous;
    private final int previousVersion;

    @Inject
    public CredentialCipher(ConnectorsConfig config) {
        this(config.kek(), config.kekVersion(), config.kekPrevious(), config.kekPreviousVersion());
    }

    /** A cipher with the current key and, during a rotation, the previous one (its version one below if empty). */
    public CredentialCipher(
            Optional<String> kek, int keyVersion, Optional<String> previous, Optional<Integer> previousVersion) {
        this.kek = kek.map(String::strip).filter(k -> !k.isEmpty());
        this.keyVersion = keyVersion;
        this.previous = previous.map(String::strip).filter(k -> !k.isEmpty());
        this.previousVersion = previousVersion.orElse(keyVersion - 1);
        if (this.previous.isPresent() && this.previousVersion == keyVersion) {
            throw new IllegalStateException(
                    "QUIRE_CONNECTOR_KEK_PREVIOUS needs another key version than the current one (" + keyVersion + ")");
        }
    }

    /** A cipher with one key and no previous one. */
    public CredentialCipher(Optional<String> kek, int keyVersion) {
        this(kek, keyVersion, Optional.empty(), Optional.empty());
    }

    /** The version new values are sealed under. */
    public int keyVersion() {
        return keyVersion;
    }

    /** The prod profile refuses to start without a key (SecretGuard also checks its length and published values). */
    void onStart(@Observes StartupEvent event) {
        if (ConfigUtils.getProfiles().contains("prod") && kek.isEmpty()) {
            throw new IllegalStateException("refusing to start without QUIRE_CONNECTOR_KEK (connector credentials"
                    + " are sealed under it; make run generates it under .quire/)");
        }
    }

    public Sealed seal(String connectorId, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(kek, Cipher.ENCRYPT_MODE, nonce, connectorId);
            byte[] body = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return new Sealed(
                    ByteBuffer.allocate(NONCE_BYTES + body.length)
                            .put(nonce)
                            .put(body)
                            .array(),
                    keyVersion);
        } catch (GeneralSecurityException e) {
            throw new SealException(
                    "sealing credentials failed: " + e.getClass().getSimpleName());
        }
    }

    /** The credentials' JSON; nothing stored ({@code null}) opens as no credentials ({@code {}}). */
    public String open(String connectorId, Sealed sealed) {
        if (sealed == null) {
            return "{}";
        }
        Optional<String> key;
        if (sealed.keyVersion() == keyVersion) {
            key = kek;
        } else if (previous.isPresent() && sealed.keyVersion() == previousVersion) {
            key = previous;
        } else {
            throw new SealException("credentials were sealed with key version " + sealed.keyVersion()
                    + " but this installation holds version " + keyVersion
                    + (previous.isPresent() ? " and " + previousVersion : ""));
        }
        if (sealed.bytes() == null || sealed.bytes().length <= NONCE_BYTES) {
            throw new SealException("stored credentials are truncated");
        }
        byte[] nonce = java.util.Arrays.copyOf(sealed.bytes(), NONCE_BYTES);
        try {
            Cipher c = cipher(key, Cipher.DECRYPT_MODE, nonce, connectorId);
            byte[] plain = c.doFinal(sealed.bytes(), NONCE_BYTES, sealed.bytes().length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // never the raw bytes: a value that does not authenticate is unusable
            throw new SealException("stored credentials do not open with this key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static Cipher cipher(Optional<String> kekOf, int mode, byte[] nonce, String connectorId)
            throws GeneralSecurityException {
        String k = kekOf.orElseThrow(() -> new SealException("QUIRE_CONNECTOR_KEK is not set"));
        if (k.length() < MIN_KEK_LENGTH) {
            throw new SealException("QUIRE_CONNECTOR_KEK is shorter than " + MIN_KEK_LENGTH + " characters");
        }
        // the key is a random string (scripts/secrets.sh): SHA-256 turns it into exactly 256 key bits
        byte[] key = MessageDigest.getInstance("SHA-256").digest(k.getBytes(StandardCharsets.UTF_8));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(connectorId.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
