package dev.quire.platform.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** OpenAI's error body ({@code {"error": {message, type, code, param}}}), so the OpenAI SDKs raise their usual errors. */
public final class OpenAiError {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiError() {}

    /** Whether a path is under the OpenAI-compatible API, whose errors take OpenAI's shape instead of problem+json. */
    public static boolean isOpenAiPath(String path) {
        return path != null && path.startsWith("/v1/");
    }

    public static ObjectNode of(int status, String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode err = e.putObject("error");
        err.put("message", message);
        err.put(
                "type",
                switch (status) {
                    case 400, 404, 409, 413, 415 -> "invalid_request_error";
                    case 401 -> "authentication_error";
                    case 403 -> "permission_error";
                    case 429 -> "rate_limit_error";
                        // any other 4xx (405, 406, 431, …) is still the caller's request, never the server's fault
                    default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
                });
        err.put("code", code);
        err.putNull("param");
        return e;
    }
}
