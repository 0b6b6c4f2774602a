package dev.quire.gateway.limits;

/**
 * The answer of one limiter check: admitted or not, what to tell the client in {@code RateLimit-*} headers, and
 * when refused, the problem code ({@code rate_limited} or {@code quota_exceeded}) and the {@code Retry-After}.
 */
public record Decision(
        boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds, String code) {
    public static Decision allow(long limit, long remaining, long resetSeconds) {
        return new Decision(true, limit, remaining, resetSeconds, 0, null);
    }

    public static Decision refuse(long limit, long retryAfterSeconds, String code) {
        return new Decision(false, limit, 0, retryAfterSeconds, Math.max(1, retryAfterSeconds), code);
    }
}
