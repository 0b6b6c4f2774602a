package dev.quire.gateway.openapi;

import dev.quire.gateway.proxy.Problems;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each public path answers, read from the public OpenAPI document: a documented path asked with a method
 * it does not have is 405 with {@code Allow} here, and {@code OPTIONS} is answered with its {@code Allow}.
 *
 * <p>Why at the gateway: the services' routers disagree on it (RESTEasy Reactive answers 404 when a resource class
 * with a longer matching path owns the request, quarkus#30854), and the document is the one list of what is public.
 * A path no documented template matches is forwarded as before, and its service answers it.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // the document is read at start, not on the first request's event loop
public class PublicOperations {
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "PATCH");

    private final List<Template> templates = new ArrayList<>();

    public PublicOperations(PublicApiDocument document) {
        JsonObject paths = new JsonObject(document.body()).getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            Set<String> methods = new TreeSet<>();
            for (String m : paths.getJsonObject(path).fieldNames()) {
                String method = m.toUpperCase(Locale.ROOT);
                if (METHODS.contains(method)) {
                    methods.add(method);
                }
            }
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            templates.add(new Template(pattern(path), methods));
        }
    }

    /**
     * The methods the public API answers at a path (the union over every template it matches, should two documented
     * templates ever overlap), or an empty set when no documented path matches it.
     */
    public Set<String> allowed(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Template t : templates) {
            if (t.pattern().matcher(path).matches()) {
                allowed.addAll(t.methods());
            }
        }
        return allowed;
    }

    /**
     * Answers a request whose method the documented path does not have (405, or 204 for {@code OPTIONS}) and says so;
     * false when the request is for its service to answer.
     */
    public boolean answeredOtherMethod(RoutingContext ctx, String path) {
        Set<String> allowed = allowed(path);
        String method = ctx.request().method().name();
        if (allowed.isEmpty() || allowed.contains(method)) {
            return false;
        }
        String allow = String.join(", ", allowed);
        ctx.response().putHeader("Allow", allow);
        if (ctx.request().method() == HttpMethod.OPTIONS) {
            ctx.response().setStatusCode(204).end();
        } else {
            Problems.send(
                    ctx,
                    405,
                    "method_not_allowed",
                    "Method Not Allowed",
                    path + " is called with " + allow + ", not " + method);
        }
        return true;
    }

    /** {@code /api/v1/documents/{docId}} → a pattern where each parameter is one path segment. */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") && part.endsWith("}") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private record Template(Pattern pattern, Set<String> methods) {}
}
