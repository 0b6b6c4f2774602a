package dev.quire.platform.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders a Bean Validation failure of a request (a constraint on a request record's field, a query or path
 * parameter) as problem+json {@code validation_failed} with the field errors, {@code errors: [{field, message}]}.
 */
public class ValidationProblems {
    private static final Logger LOG = Logger.getLogger(ValidationProblems.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One refused field: its JSON path in the body ({@code chunking.maxTokens}, {@code tags[2]}) or parameter name. */
    public record FieldError(String field, String message) {}

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, HttpServerRequest req) {
        var violations = e.getConstraintViolations();
        if (violations.stream().anyMatch(ValidationProblems::isReturnValue)) {
            // the service broke its own promise about an answer: that is the server's fault, not the caller's
            LOG.error("an answer failed its own constraints", e);
            return ProblemMapper.problem(500, "internal_error", "internal error", req);
        }
        return fieldErrors(
                violations.stream()
                        .map(v -> new FieldError(field(v), v.getMessage()))
                        .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                        .distinct()
                        .toList(),
                req);
    }

    /** A query parameter that is not of its type ({@code limit=abc}): 400 like any refused field, not JAX-RS's 404. */
    @ServerExceptionMapper
    public Response parameter(InvalidParameter e, HttpServerRequest req) {
        return fieldErrors(List.of(new FieldError(e.field, e.reason)), req);
    }

    /** 400 {@code validation_failed} naming each refused field ({@code param} in OpenAI's shape under {@code /v1/}). */
    static Response fieldErrors(List<FieldError> errors, HttpServerRequest req) {
        String detail = errors.isEmpty()
                ? "the request is invalid"
                : String.join(
                        "; ",
                        errors.stream().map(f -> f.field() + " " + f.message()).toList());
        Response base = ProblemMapper.problem(400, "validation_failed", detail, req);
        ObjectNode body = JSON.valueToTree(base.getEntity());
        if (req != null && OpenAiError.isOpenAiPath(req.path())) {
            if (!errors.isEmpty()) {
                ((ObjectNode) body.get("error")).put("param", errors.get(0).field());
            }
        } else {
            body.set("errors", JSON.valueToTree(errors));
        }
        return Response.fromResponse(base).entity(body).build();
    }

    private static boolean isReturnValue(ConstraintViolation<?> v) {
        for (Path.Node n : v.getPropertyPath()) {
            if (n.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The name a client knows: the path inside the body after the method and parameter nodes, or for a parameter
     * itself its {@code @QueryParam}/{@code @PathParam}/{@code @HeaderParam} name ({@code body} for the body).
     */
    static String field(ConstraintViolation<?> v) {
        StringBuilder out = new StringBuilder();
        Path.MethodNode method = null;
        Path.ParameterNode parameter = null;
        for (Path.Node n : v.getPropertyPath()) {
            switch (n.getKind()) {
                case METHOD -> method = n.as(Path.MethodNode.class);
                case CONSTRUCTOR -> {}
                case PARAMETER -> parameter = n.as(Path.ParameterNode.class);
                case CROSS_PARAMETER, RETURN_VALUE -> {}
                default -> {
                    if (n.getName() != null && !n.getName().startsWith("<")) {
                        if (!out.isEmpty()) {
                            out.append('.');
                        }
                        out.append(n.getName());
                    }
                    if (n.getIndex() != null) {
                        out.append('[').append(n.getIndex()).append(']');
                    } else if (n.getKey() != null) {
                        out.append('[').append(n.getKey()).append(']');
                    }
                }
            }
        }
        if (!out.isEmpty()) {
            return out.toString();
        }
        if (parameter != null && method != null) {
            return parameterName(v.getRootBeanClass(), method, parameter);
        }
        return "body";
    }

    private static String parameterName(Class<?> resource, Path.MethodNode method, Path.ParameterNode p) {
        boolean matched = false;
        for (Class<?> c = resource; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals(method.getName())
                        || !List.of(m.getParameterTypes()).equals(method.getParameterTypes())) {
                    continue;
                }
                String name = InvalidParameter.nameOf(m.getParameterAnnotations()[p.getParameterIndex()]);
                if (name != null) {
                    return name;
                }
                // an unannotated parameter is the body, unless this is the interceptor subclass Quarkus generates
                // (its override carries no annotations): then the declaring class above says
                matched = true;
            }
        }
        return matched ? "body" : p.getName();
    }
}
