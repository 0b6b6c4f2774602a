package dev.quire.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem with Quire's stable machine {@code code} and the request id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String requestId) {
    public static Problem of(int status, String code, String title, String detail, String requestId) {
        return new Problem("https://quire.dev/problems/" + code, title, status, detail, code, requestId);
    }
}
