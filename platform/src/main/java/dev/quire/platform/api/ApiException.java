package dev.quire.platform.api;

/** A failure with an HTTP status and a stable problem {@code code}, rendered as problem+json by {@link ProblemMapper}. */
public class ApiException extends RuntimeException {
    public final int status;
    public final String code;
    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    public final int retryAfterSeconds;

    public ApiException(int status, String code, String detail) {
        this(status, code, detail, 0);
    }

    public ApiException(int status, String code, String detail, int retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException validation(String detail) {
        return new ApiException(400, "validation_failed", detail);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail);
    }
}
