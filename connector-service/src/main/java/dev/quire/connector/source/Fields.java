package dev.quire.connector.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.api.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small helpers for a type's JSON Schema, for checking a connector's config and credentials against it, and for its
 * URL settings.
 */
public final class Fields {
    private Fields() {}

    public static Map<String, Object> schema(Map<String, Object> config, Map<String, Object> credentials) {
        var m = new LinkedHashMap<String, Object>();
        m.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        m.put("type", "object");
        m.put("required", List.of("config", "credentials"));
        m.put("properties", props("config", config, "credentials", credentials));
        return m;
    }

    public static Map<String, Object> object(List<String> required, Map<String, Object> properties) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", "object");
        m.put("required", required);
        m.put("properties", properties);
        m.put("additionalProperties", false);
        return m;
    }

    public static Map<String, Object> props(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static Map<String, Object> string(String description, int maxLength, String format) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", "string");
        m.put("description", description);
        m.put("maxLength", maxLength);
        if (format != null) {
            m.put("format", format);
        }
        return m;
    }

    /** A write-only secret: never returned by the API ({@code writeOnly} tells a form to use a password field). */
    public static Map<String, Object> secret(String description, int maxLength) {
        var m = string(description, maxLength, null);
        m.put("writeOnly", true);
        return m;
    }

    public static Map<String, Object> integer(String description, int min, int max) {
        return props("type", "integer", "description", description, "minimum", min, "maximum", max);
    }

    public static ApiException invalid(String detail) {
        return ApiException.validation(detail);
    }

    public static String requiredString(JsonNode obj, String path, int maxLength) {
        String v = optionalString(obj, path, maxLength);
        if (v == null || v.isBlank()) {
            throw invalid(path + " is required");
        }
        return v;
    }

    public static String optionalString(JsonNode obj, String path, int maxLength) {
        JsonNode n = obj.get(leaf(path));
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw invalid(path + " must be a string");
        }
        if (n.asText().length() > maxLength) {
            throw invalid(path + " is longer than " + maxLength + " characters");
        }
        return n.asText();
    }

    public static void optionalBoolean(JsonNode obj, String path) {
        JsonNode n = obj.get(leaf(path));
        if (n != null && !n.isNull() && !n.isBoolean()) {
            throw invalid(path + " must be true or false");
        }
    }

    public static Integer optionalInt(JsonNode obj, String path, int min, int max) {
        JsonNode n = obj.get(leaf(path));
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw invalid(path + " must be an integer from " + min + " to " + max);
        }
        return n.asInt();
    }

    public static List<String> optionalStrings(JsonNode obj, String path, int maxItems, int maxLength) {
        JsonNode n = obj.get(leaf(path));
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray() || n.size() > maxItems) {
            throw invalid(path + " must be an array of at most " + maxItems + " strings");
        }
        var out = new java.util.ArrayList<String>();
        for (JsonNode e : n) {
            if (!e.isTextual() || e.asText().length() > maxLength) {
                throw invalid(path + " must hold strings of at most " + maxLength + " characters");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** An http(s) URL with a host; reachability (private addresses) is checked when a run connects. */
    public static String optionalUrl(JsonNode obj, String path) {
        String v = optionalString(obj, path, 2048);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (u.getHost() == null
                    || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
                throw invalid(path + " must be an http or https URL with a host");
            }
        } catch (URISyntaxException e) {
            throw invalid(path + " is not a URL");
        }
        return v;
    }

    public static void noOthers(JsonNode obj, String path, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) {
                throw invalid(path + "." + f + " is not a known field (known: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** A URL setting without its trailing slash. */
    public static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A URL setting ending in a slash. */
    public static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    /** A text field or null. */
    public static String text(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
