package dev.quire.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The gateway's metric URIs: templates, never ids; a bounded set whatever clients send. */
class MetricUrisTest {
    private static final List<String> PREFIXES =
            List.of("/api/v1/documents", "/api/v1/knowledge-bases", "/api/v1/auth", "/.well-known", "/v1");
    private static final Function<String, Optional<String>> OWNER = path -> PREFIXES.stream()
            .filter(p -> path.equals(p) || path.startsWith(p + "/"))
            .findFirst();

    private static String server(String uri, String status) {
        return MetricUris.template(uri, status, true, OWNER);
    }

    /** Each of {@code uris}, answered {@code status}, is tagged {@code template}. */
    private static void assertTagged(String template, String status, String... uris) {
        for (String uri : uris) {
            assertEquals(template, server(uri, status), uri);
        }
    }

    /** Each of {@code uris}, answered {@code status}, is its own tag. */
    private static void assertKept(String status, String... uris) {
        for (String uri : uris) {
            assertEquals(uri, server(uri, status));
        }
    }

    @Test
    void idsBecomeTemplates() {
        UUID id = UUID.randomUUID();
        assertTagged("/api/v1/documents/{id}", "200", "/api/v1/documents/" + id, "/api/v1/documents/12345");
        assertEquals("/api/v1/documents/{id}/content", server("/api/v1/documents/" + id + "/content", "200"));
        assertEquals(
                "/api/v1/knowledge-bases/{id}/documents/{id}",
                server("/api/v1/knowledge-bases/" + id + "/documents/" + UUID.randomUUID(), "204"));
        assertKept("201", "/api/v1/documents");
        assertKept("200", "/.well-known/jwks.json", "/v1/chat/completions");
    }

    @Test
    void pathsNoUpstreamAnsweredAreNamedByTheirRoutePrefix() {
        UUID id = UUID.randomUUID();
        assertEquals("/api/v1/documents/**", server("/api/v1/documents/" + id, "401"));
        assertEquals("/api/v1/documents/**", server("/api/v1/documents/anything/at/all", "403"));
        assertEquals("/api/v1/documents/**", server("/api/v1/documents/x", "502"));
        assertEquals("/api/v1/documents", server("/api/v1/documents", "429"));
        assertEquals("/api/v1/documents/**", server("/api/v1/documents/a/b/c/d/e/f/g/h", "200"));
    }

    @Test
    void micrometersOwnNamesTheChatSocketAndTheWebAppStayBounded() {
        assertKept("404", "NOT_FOUND");
        assertKept("200", "root", "/");
        assertKept(null, "/ws/chat");
        assertTagged(MetricUris.UI, "200", "/chat/" + UUID.randomUUID(), "/assets/index-abc123.js");
    }

    @Test
    void clientCallsLoseQueryStringsAndIds() {
        UUID id = UUID.randomUUID();
        assertEquals(
                "/api/v1/knowledge-bases/{id}/documents",
                MetricUris.template(
                        "/api/v1/knowledge-bases/" + id + "/documents?cursor=" + id + "&q=secret",
                        "200",
                        false,
                        OWNER));
        assertEquals(
                "/internal/v1/tenants/{id}", MetricUris.template("/internal/v1/tenants/" + id, "200", false, OWNER));
        assertEquals("/internal/v1/tenants/**", MetricUris.template("/internal/v1/tenants/" + id, "404", false, OWNER));
    }

    @Test
    void whateverClientsSendTheTagsStayFew() {
        Set<String> tags = new HashSet<>();
        var random = new java.util.Random(7);
        String[] statuses = {"200", "201", "204", "304", "400", "401", "403", "404", "413", "429", "502"};
        for (int i = 0; i < 20_000; i++) {
            String prefix = PREFIXES.get(random.nextInt(PREFIXES.size()));
            StringBuilder path = new StringBuilder(random.nextBoolean() ? prefix : "/page" + i);
            int depth = random.nextInt(12);
            for (int d = 0; d < depth; d++) {
                path.append('/')
                        .append(
                                switch (random.nextInt(3)) {
                                    case 0 -> UUID.randomUUID().toString();
                                    case 1 -> Integer.toString(random.nextInt(1_000_000));
                                    default -> "content";
                                });
            }
            // a client's made-up segment is refused (4xx) by the gateway or the upstream, never answered 2xx
            String status = statuses[random.nextInt(statuses.length)];
            if (random.nextInt(10) == 0) {
                path.append("/made-up-").append(i);
                status = "404";
            }
            tags.add(server(path.toString(), status));
        }
        assertTrue(tags.size() < 2_000, "tags: " + tags.size());
        assertTrue(tags.stream().noneMatch(t -> t.contains("made-up") || t.matches(".*[0-9a-f]{8}-.*")), "" + tags);
    }
}
