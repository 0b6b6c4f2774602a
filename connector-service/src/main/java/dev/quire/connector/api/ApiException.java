package dev.quire.connector.api;

/** A failure with an HTTP status and a stable problem {@code code}, rendered as problem+json. */
public class ApiException extends RuntimeException {
    public final int status;
    public final String code;

    public ApiException(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public static ApiException validation(String detail) {
        return new ApiException(400, "validation_failed", detail);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }
}
