package dev.quire.connector.source;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How long to wait before asking a throttled source again: its {@code Retry-After} (seconds or an HTTP date) when it
 * sent one, else an exponential back-off, always clamped so a hostile or confused source cannot park a run for hours.
 */
public final class RetryAfter {
    private RetryAfter() {}

    /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
    public static Duration delay(String header, int attempt, Duration max) {
        Duration d = parse(header);
        if (d == null) {
            d = Duration.ofMillis(Math.min(max.toMillis(), 500L << Math.min(attempt, 10)));
        }
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    static Duration parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            return Duration.ofSeconds(Long.parseLong(h));
        } catch (NumberFormatException e) {
            try {
                var at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return Duration.between(Instant.now(), at);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Sleeps, keeping the thread's interrupt (a stopping replica) visible to the caller. */
    public static void sleep(Duration d) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
