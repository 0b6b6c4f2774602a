package dev.quire.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import lombok.RequiredArgsConstructor;

/**
 * The expiry of an open chat socket's credential, for the gateway's relay and chat-agent's socket alike: one timer
 * that ends the socket when the credential expires, moved when an {@code auth} frame renews it.
 */
@RequiredArgsConstructor
public final class CredentialExpiry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final Runnable onExpiry;
    private long timer = -1;
    private volatile long expiresAtMs = Long.MAX_VALUE;

    /** Arms (or moves) the timer for a credential; one that never expires by itself (an API key) disarms it. */
    public void renew(String credential) {
        expireAt(expiryMs(credential));
    }

    /** Arms (or moves) the timer to an instant in epoch milliseconds; {@code Long.MAX_VALUE} or 0: never. */
    public synchronized void expireAt(long epochMs) {
        cancel();
        expiresAtMs = epochMs <= 0 ? Long.MAX_VALUE : epochMs;
        if (expiresAtMs != Long.MAX_VALUE) {
            long delay = Math.max(1, expiresAtMs - System.currentTimeMillis());
            timer = vertx.setTimer(delay, id -> onExpiry.run());
        }
    }

    /** Whether the credential has expired, or will within {@code slackMs}. */
    public boolean expiredWithin(long slackMs) {
        return expiresAtMs != Long.MAX_VALUE && System.currentTimeMillis() >= expiresAtMs - slackMs;
    }

    public synchronized void cancel() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /**
     * A JWT's {@code exp} in epoch milliseconds, read without verifying (the token was verified already);
     * {@code Long.MAX_VALUE} for a credential that is no JWT or has no expiry (an API key never expires by itself).
     */
    public static long expiryMs(String credential) {
        String[] parts = credential == null ? new String[0] : credential.split("\\.");
        if (parts.length != 3) {
            return Long.MAX_VALUE;
        }
        try {
            JsonNode exp = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                    .get("exp");
            return exp != null && exp.isNumber() ? exp.asLong() * 1000 : Long.MAX_VALUE;
        } catch (Exception e) {
            return Long.MAX_VALUE;
        }
    }
}
