package dev.quire.platform.testing;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every HTTP route of this service, read from its compiled JAX-RS resource classes (class {@code @Path} + method
 * {@code @Path} + HTTP method, with query parameters and the body's field names): a resource added later is fuzzed
 * without touching the tests. REST client interfaces (also {@code @Path}) are skipped.
 */
public final class RouteTable {
    /** One route: method, path template with {name} placeholders, query parameters, body fields, multipart. */
    public record Route(
            String method, String path, List<String> query, List<String> fields, boolean body, boolean multipart) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private RouteTable() {}

    public static List<Route> routes() throws IOException {
        var root = Paths.get("target/classes");
        List<Route> out = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (var f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c;
                try {
                    c = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (c.isInterface() || !c.isAnnotationPresent(Path.class)) {
                    continue;
                }
                for (Method m : c.getDeclaredMethods()) {
                    String verb = verb(m);
                    if (verb != null) {
                        out.add(route(c, m, verb));
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Route::toString));
        return out;
    }

    private static Route route(Class<?> c, Method m, String verb) {
        String path = join(
                c.getAnnotation(Path.class).value(),
                m.isAnnotationPresent(Path.class) ? m.getAnnotation(Path.class).value() : "");
        List<String> query = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        boolean body = false;
        for (Parameter p : m.getParameters()) {
            if (p.isAnnotationPresent(QueryParam.class)) {
                query.add(p.getAnnotation(QueryParam.class).value());
            } else if (p.getAnnotations().length == 0) {
                body = true; // the entity: its components name the fields worth sending the wrong thing in
                if (p.getType().isRecord()) {
                    for (RecordComponent rc : p.getType().getRecordComponents()) {
                        fields.add(rc.getName());
                    }
                }
            } else if (!p.isAnnotationPresent(PathParam.class) && isForm(p)) {
                body = true;
            }
        }
        Consumes consumes = m.isAnnotationPresent(Consumes.class)
                ? m.getAnnotation(Consumes.class)
                : c.getAnnotation(Consumes.class);
        boolean multipart = consumes != null && List.of(consumes.value()).contains(MediaType.MULTIPART_FORM_DATA);
        return new Route(verb, path, query, fields, body || multipart, multipart);
    }

    private static boolean isForm(Parameter p) {
        for (Annotation a : p.getAnnotations()) {
            if (a.annotationType().getSimpleName().endsWith("Form")) {
                return true;
            }
        }
        return false;
    }

    private static String verb(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        String p = ("/" + a + "/" + b).replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
