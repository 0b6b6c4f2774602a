package dev.quire.tenant.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time the entities store, cut to what PostgreSQL keeps. */
public final class Timestamps {
    private Timestamps() {}

    /** PostgreSQL keeps microseconds: a time the application shows must be the one a later read gives back. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
