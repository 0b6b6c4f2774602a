package dev.quire.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.quire.contracts.Headers;
import dev.quire.contracts.api.Problem;
import dev.quire.platform.json.JsonProblem;
import dev.quire.platform.json.NulGuard;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every failure of every service's REST API as problem+json with a stable code (OpenAI's error shape under
 * {@code /v1/}); a bad request is never a 5xx.
 */
public class ProblemMapper {
    static final int MAX_DETAIL = 500;

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e, HttpServerRequest req) {
        Response r = problem(e.status, e.code, e.getMessage(), req);
        if (e.retryAfterSeconds > 0) {
            return Response.fromResponse(r)
                    .header("Retry-After", Integer.toString(e.retryAfterSeconds))
                    .build();
        }
        return r;
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e, HttpServerRequest req) {
        return problem(401, "invalid_token", "a valid bearer token is required", req);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest req) {
        return problem(403, "forbidden", "your role does not allow this", req);
    }

    /** Malformed JSON, a wrong type, a duplicate key, trailing tokens, too deep or too long: see {@link JsonProblem}. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class, InvalidFormatException.class
    })
    public Response json(JsonProcessingException e, HttpServerRequest req) {
        return problem(
                400, "validation_failed", NulGuard.isNulRejection(e) ? NulGuard.DETAIL : JsonProblem.detail(e), req);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest req) {
        if (e.getCause() instanceof JsonProcessingException j) {
            return json(j, req);
        }
        int s = e.getResponse().getStatus();
        String code =
                switch (s) {
                    case 404 -> "not_found";
                    case 405 -> "method_not_allowed";
                    case 406, 415 -> "unsupported_media_type";
                    case 413 -> "payload_too_large";
                    default -> s < 500 ? "validation_failed" : "internal_error";
                };
        return problem(s, code, s < 500 ? detail(s, e, req) : "internal error", req);
    }

    /**
     * The framework's refusals in the API's words: its own messages name annotations and internals ("did not match
     * the value in @Consumes", "No supported MessageBodyReader", "Unable to find matching target resource method").
     */
    static String detail(int status, WebApplicationException e, HttpServerRequest req) {
        String method = req == null ? "this method" : req.method().name();
        String type = req == null ? null : req.getHeader("Content-Type");
        return switch (status) {
            case 404 -> "not found";
            case 405 -> method + " is not allowed here";
            case 406 -> "no representation matches the Accept header; ask for application/json";
            case 415 -> type == null || type.isBlank()
                    ? "a body needs a Content-Type (application/json, or multipart/form-data for uploads)"
                    : "the Content-Type " + type.split(";", 2)[0].strip() + " is not accepted here";
            case 413 -> "the body is too large";
            default -> e.getMessage() != null && e.getMessage().startsWith("HTTP ")
                    ? "the request is invalid"
                    : e.getMessage();
        };
    }

    @ServerExceptionMapper
    public Response other(Exception e, HttpServerRequest req) {
        if (NulGuard.isNulRejection(e)) {
            return problem(400, "validation_failed", NulGuard.DETAIL, req); // the database's wall: see NulGuard
        }
        if (e instanceof java.io.IOException
                && e.getStackTrace().length > 0
                && e.getStackTrace()[0].getClassName().contains(".multipart.")) {
            // the multipart parser's own refusal (a boundary that never comes, a truncated part): a bad body
            return problem(400, "validation_failed", "malformed multipart body: " + e.getMessage(), req);
        }
        LOG.error("unhandled", e);
        return problem(500, "internal_error", "internal error", req);
    }

    /** A detail of at most {@value #MAX_DETAIL} characters: one that quotes the caller's input never echoes all of it. */
    static String bounded(String detail) {
        return detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
    }

    /** A problem response for this request: problem+json, or OpenAI's error shape under {@code /v1/}. */
    public static Response problem(int status, String code, String detail, HttpServerRequest req) {
        detail = bounded(detail);
        if (req != null && OpenAiError.isOpenAiPath(req.path())) {
            return Response.status(status)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(OpenAiError.of(status, code, detail))
                    .build();
        }
        return problemBuilder(status, code, detail, req == null ? null : req.getHeader(Headers.REQUEST_ID))
                .build();
    }

    /** A problem+json response builder, for callers that add headers of their own. */
    public static Response.ResponseBuilder problemBuilder(int status, String code, String detail, String requestId) {
        detail = bounded(detail);
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Response.status(status)
                .type(Headers.PROBLEM_JSON)
                .entity(Problem.of(status, code, title, detail, requestId));
    }
}
