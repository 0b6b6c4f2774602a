package dev.quire.platform.testing;

import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** The shapes every service's error answers are checked against: problem+json with a code, or OpenAI's error. */
public final class Problems {
    private Problems() {}

    /** A 400 problem+json with the code {@code validation_failed} and a detail. */
    public static void validationFailed(Response r) {
        r.then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("validation_failed"))
                .body("detail", not(emptyOrNullString()));
    }

    /** Some 4xx (never a 5xx) problem+json with a code. */
    public static void clientProblem(Response r) {
        r.then()
                .statusCode(greaterThanOrEqualTo(400))
                .statusCode(lessThan(500))
                .contentType(startsWith("application/problem+json"))
                .body("code", not(emptyOrNullString()));
    }

    /** This status as problem+json with this code (to check further). */
    public static ValidatableResponse problem(Response r, int status, String code) {
        return r.then()
                .statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo(code));
    }

    /** This status in OpenAI's error shape: type {@code invalid_request_error} and this code (to check further). */
    public static ValidatableResponse openAiError(Response r, int status, String code) {
        return r.then()
                .statusCode(status)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo(code));
    }
}
