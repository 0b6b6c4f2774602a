package dev.quire.platform.api;

import java.time.Instant;

/**
 * An instant a caller sent (a date filter, a cursor's position) held to the years 1 to 9999: {@link Instant} parses
 * years up to a billion, which PostgreSQL and the date arithmetic behind a query cannot take, so such a value is a 400,
 * never the 500 it would become further on.
 */
public final class Instants {
    static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Instants() {}

    /** {@code at} when it lies in the years 1 to 9999, else 400 {@code validation_failed} with {@code problem}. */
    public static Instant bounded(Instant at, String problem) {
        if (at != null && (at.isBefore(MIN) || at.isAfter(MAX))) {
            throw ApiException.validation(problem);
        }
        return at;
    }
}
