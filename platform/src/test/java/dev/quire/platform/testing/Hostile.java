package dev.quire.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated hostile requests for a {@link RouteTable.Route} (NUL, invalid UTF-8, deep nesting, wrong types, huge
 * strings, duplicate keys, trailing tokens, wrong media types), sent as raw bytes, and the check every answer must
 * pass: never a 5xx, and every 4xx a parseable error body (problem+json with a {@code code}; OpenAI's shape on
 * {@code /v1/}).
 */
public final class Hostile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Java classes, JSON library switches and source dumps: nothing a caller should read in an error. */
    static final java.util.regex.Pattern CODE_NAMES = java.util.regex.Pattern.compile(
            "\\b(java|javax|jakarta)\\.[a-z]|\\bcom\\.fasterxml|\\bdev\\.quire\\.|\\bio\\.(quarkus|vertx|smallrye)\\."
                    + "|\\borg\\.(hibernate|postgresql|jboss)\\.|JsonToken|ReadFeature|DeserializationFeature"
                    + "|StreamReadConstraints|\\[Source:|Exception\\b");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One request: what it is (for the report), method, raw path+query, headers, body bytes. */
    public record Case(String what, String method, String uri, Map<String, String> headers, byte[] body) {}

    private Hostile() {}

    /** Raw path segments for a path parameter: encoded NUL, overlong NUL, invalid UTF-8, not an id, huge. */
    public static final List<String> PATH_VALUES = List.of(
            "%00", "a%00b", "%C0%80", "%FF%FE", "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "x".repeat(3000));
    /** Raw query values: the same, plus numbers a parser chokes on. */
    public static final List<String> QUERY_VALUES = List.of(
            "%00",
            "a%00b", "%C0%80", "%FF", "not-a-uuid", "-1", "99999999999999999999", "1e309", "x".repeat(5000), "%5B%5D");

    /**
     * Malformed JSON bodies around one field (cut off after its key, an object for its value, the field twice, tokens
     * after the document, arrays nested 50,000 deep), followed by {@code extras}.
     */
    public static List<String> malformedJson(String field, String... extras) {
        String key = "{\"" + field + "\":";
        List<String> bodies = new ArrayList<>(List.of(
                key,
                key + "{\"a\":1}}",
                key + "\"a\",\"" + field + "\":\"b\"}",
                key + "\"a\"} {}",
                "[".repeat(50_000) + "]".repeat(50_000)));
        bodies.addAll(List.of(extras));
        return bodies;
    }

    /** What a sweep of every route found: requests sent, routes, and each answer that was wrong. */
    public record Sweep(int sent, List<RouteTable.Route> routes, List<String> wrong) {
        @Override
        public String toString() {
            return sent + " hostile requests over " + routes.size() + " routes";
        }
    }

    /** Every route of the service under test (from its {@link RouteTable}) with every hostile case. */
    public static Sweep sweep(String token) throws java.io.IOException {
        var routes = RouteTable.routes();
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (var route : routes) {
            for (var c : cases(route, token)) {
                sent++;
                String problem = check(c);
                if (problem != null) {
                    wrong.add(route + " [" + c.what() + "]: " + problem);
                }
            }
        }
        return new Sweep(sent, routes, wrong);
    }

    /**
     * Each service's fuzz test: sweeps every route with this token, insists the route table is not empty, logs the
     * sweep, and fails with every wrong answer.
     */
    public static void assertEveryRouteClean(String token) throws java.io.IOException {
        var sweep = sweep(token);
        assertTrue(!sweep.routes().isEmpty(), "the route table is derived from the resources");
        System.out.println(sweep + ": " + sweep.routes());
        assertEquals(List.of(), sweep.wrong(), sweep.toString());
    }

    public static List<Case> cases(RouteTable.Route r, String token) {
        List<Case> out = new ArrayList<>();
        String base = r.path().replaceAll("\\{[^}]+}", "00000000-0000-4000-8000-000000000000");
        Map<String, String> auth = auth(token);
        // path parameters, one hostile value at a time
        if (r.path().contains("{")) {
            for (String v : PATH_VALUES) {
                out.add(new Case(
                        "path " + abbreviate(v), r.method(), r.path().replaceAll("\\{[^}]+}", v), auth, body(r)));
            }
        }
        for (String q : r.query()) {
            for (String v : QUERY_VALUES) {
                out.add(new Case(
                        "query " + q + "=" + abbreviate(v), r.method(), base + "?" + q + "=" + v, auth, body(r)));
            }
        }
        out.add(new Case("NUL in an unknown query parameter", r.method(), base + "?x%00=%00", auth, body(r)));
        out.add(new Case(
                "Accept nobody can produce", r.method(), base, with(auth, "Accept", "application/x-nope"), body(r)));
        out.add(new Case("odd request id", r.method(), base, with(auth, "X-Request-Id", "<script>%00"), body(r)));
        out.add(new Case("malformed bearer", r.method(), base, Map.of("Authorization", "Bearer a.b.c"), body(r)));
        if (!r.body()) {
            return out;
        }
        if (r.multipart()) {
            out.add(
                    raw(
                            "multipart with a mismatched boundary",
                            r,
                            base,
                            auth,
                            "multipart/form-data; boundary=expected",
                            "--other\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--other--\r\n"));
            out.add(raw("multipart with no boundary", r, base, auth, "multipart/form-data", "--x\r\n\r\n--x--\r\n"));
            out.add(raw(
                    "multipart field with NUL",
                    r,
                    base,
                    auth,
                    "multipart/form-data; boundary=b",
                    "--b\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\u0000b\r\n--b\r\n"
                            + "Content-Disposition: form-data; name=\"file\"; filename=\"a\u0000.txt\"\r\n"
                            + "Content-Type: text/plain\r\n\r\nhello\u0000world\r\n--b--\r\n"));
            out.add(raw("JSON where multipart is expected", r, base, auth, "application/json", "{\"a\":1}"));
            return out;
        }
        List<String> fields = r.fields().isEmpty() ? List.of("name", "title", "content", "query", "model") : r.fields();
        String f0 = fields.get(0);
        String json = "application/json";
        out.add(raw("malformed JSON", r, base, auth, json, "{\"" + f0 + "\": "));
        out.add(raw("not JSON at all", r, base, auth, json, "hello"));
        out.add(raw("empty body", r, base, auth, json, ""));
        out.add(raw("trailing tokens", r, base, auth, json, "{\"" + f0 + "\":\"a\"} {}"));
        out.add(raw("duplicate keys", r, base, auth, json, "{\"" + f0 + "\":\"a\",\"" + f0 + "\":\"b\"}"));
        out.add(raw("deep array nesting", r, base, auth, json, "[".repeat(50_000) + "]".repeat(50_000)));
        out.add(raw("deep object nesting", r, base, auth, json, "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)));
        out.add(raw("a JSON array", r, base, auth, json, "[1,2]"));
        out.add(raw("JSON null", r, base, auth, json, "null"));
        out.add(raw("a JSON string with NUL", r, base, auth, json, "\"\\u0000\""));
        out.add(raw("text/plain body", r, base, auth, "text/plain", "hello"));
        out.add(raw("XML body", r, base, auth, "application/xml", "<a/>"));
        out.add(raw("unknown charset", r, base, auth, "application/json; charset=x-nope", "{}"));
        out.add(new Case(
                "invalid UTF-8 bytes",
                r.method(),
                base,
                with(auth, "Content-Type", json),
                concat("{\"" + f0 + "\":\"", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc0, (byte) 0x80}, "\"}")));
        out.add(new Case(
                "UTF-16 JSON with NUL",
                r.method(),
                base,
                with(auth, "Content-Type", json),
                ("{\"" + f0 + "\":\"\\u0000\"}").getBytes(StandardCharsets.UTF_16LE)));
        for (String f : fields) {
            for (String v : List.of(
                    "\"a\\u0000b\"",
                    "\"\\u0000\"",
                    "{}",
                    "[1]",
                    "[[[[[]]]]]",
                    "12345678901234567890123",
                    "1e400",
                    "true",
                    "\"" + "x".repeat(200_000) + "\"",
                    "\"not-a-uuid\"",
                    "\"\\ud800\"",
                    "[null]",
                    "[\"a\",null]",
                    "-1")) {
                out.add(raw(f + "=" + abbreviate(v), r, base, auth, json, "{\"" + f + "\":" + v + "}"));
            }
        }
        return out;
    }

    /** Sends a case; null when the answer is clean, else what is wrong with it. */
    public static String check(Case c) {
        HttpResponse<byte[]> res;
        try {
            var b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + c.uri()))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            c.method(),
                            c.body() == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            c.headers().forEach(b::header);
            res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            return "no answer (" + e + ")";
        }
        return problemIn(
                c.uri(),
                res.statusCode(),
                res.headers().firstValue("Content-Type").orElse(""),
                res.body());
    }

    /** Null when a response is acceptable for hostile input, else why not. */
    public static String problemIn(String uri, int status, String type, byte[] body) {
        if (status >= 500 && !upstreamDown(status, body)) {
            return status + " " + new String(body, StandardCharsets.UTF_8);
        }
        if (status < 400) {
            return null;
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (Exception e) {
            return status + " with a body that is not JSON: '" + new String(body, StandardCharsets.UTF_8) + "'";
        }
        if (n == null || n.isMissingNode()) {
            return status + " with an empty body";
        }
        String said = uri.startsWith("/v1/")
                ? n.path("error").path("message").asText()
                : n.path("detail").asText();
        if (CODE_NAMES.matcher(said).find()) {
            return status + " names the code behind it: " + said;
        }
        if (uri.startsWith("/v1/")) {
            JsonNode e = n.path("error");
            boolean ok = e.path("message").isTextual()
                    && e.path("code").isTextual()
                    && e.path("type").isTextual()
                    && (status >= 500 || !e.path("type").asText().equals("api_error"));
            return ok ? null : status + " not in OpenAI's error shape: " + n;
        }
        if (!type.startsWith("application/problem+json")) {
            return status + " as '" + type + "', not problem+json: " + n;
        }
        if (!n.path("code").isTextual()
                || n.path("code").asText().isBlank()
                || n.path("status").asInt() != status) {
            return status + " without a code or with another status: " + n;
        }
        return null;
    }

    /**
     * A service this one calls is not running in the test (chat-agent's /v1/models lists ingestion's knowledge bases):
     * a 502/503 {@code upstream_unavailable} is the environment, not the input.
     */
    private static boolean upstreamDown(int status, byte[] body) {
        return (status == 502 || status == 503)
                && new String(body, StandardCharsets.UTF_8).contains("\"upstream_unavailable\"");
    }

    private static Case raw(
            String what, RouteTable.Route r, String uri, Map<String, String> auth, String type, String body) {
        return new Case(what, r.method(), uri, with(auth, "Content-Type", type), body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] body(RouteTable.Route r) {
        return r.body() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
    }

    private static Map<String, String> auth(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> with(Map<String, String> h, String name, String value) {
        var m = new LinkedHashMap<>(h);
        m.put(name, value);
        return m;
    }

    private static byte[] concat(String a, byte[] b, String c) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] z = c.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[x.length + b.length + z.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(b, 0, out, x.length, b.length);
        System.arraycopy(z, 0, out, x.length + b.length, z.length);
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 20) + "…(" + s.length() + ")" : s;
    }
}
