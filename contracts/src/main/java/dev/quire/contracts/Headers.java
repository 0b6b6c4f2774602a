package dev.quire.contracts;

/** HTTP header names shared between the gateway and the services. */
public final class Headers {
    public static final String REQUEST_ID = "X-Request-Id";
    public static final String RESERVATION_ID = "X-Quire-Reservation-Id";
    public static final String PROBLEM_JSON = "application/problem+json";

    private Headers() {}
}
