package dev.quire.ingestion;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.platform.testing.Bearer;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/** The Knowledge API beyond upload: filtered lists, downloads, text, reprocess, tags; foreign objects are 404. */
@QuarkusTest
class KnowledgeApiTest extends TwoTenants {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String createKb(String token) {
        return Bearer.postJson(token, "/api/v1/knowledge-bases", Map.of("name", "KB " + UUID.randomUUID()))
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String upload(String token, String kb, String name, String text, String tags) {
        var req = Bearer.as(token).multiPart("file", name, text.getBytes(StandardCharsets.UTF_8));
        if (tags != null) {
            req = req.multiPart("tags", tags);
        }
        return req.post("/api/v1/knowledge-bases/" + kb + "/documents")
                .then()
                .statusCode(202)
                .extract()
                .path("items[0].id");
    }

    /** The document ({@code route}: "") or one of its routes ("/content", "/text", "/versions") as the token reads it. */
    private static ValidatableResponse document(String token, String id, String route) {
        return Bearer.get(token, "/api/v1/documents/" + id + route);
    }

    /** A request as the token's caller to reprocess the document. */
    private static ValidatableResponse reprocess(String token, String id) {
        return Bearer.post(token, "/api/v1/documents/" + id + "/reprocess");
    }

    /** A bulk job on the knowledge base's documents, asked for as the token's caller. */
    private static ValidatableResponse bulk(String token, String kb, Map<String, Object> body) {
        return Bearer.postJson(token, "/api/v1/knowledge-bases/" + kb + "/documents/bulk", body);
    }

    @Test
    void listFiltersByStatusTagAndFilenameAndPagesWithACursor() {
        String kb = createKb(adminA);
        String a = upload(memberA, kb, "alpha_report.txt", "alpha " + UUID.randomUUID(), "finance");
        String b = upload(memberA, kb, "beta.txt", "beta " + UUID.randomUUID(), "hr, finance");
        String c = upload(memberA, kb, "gamma%.txt", "gamma " + UUID.randomUUID(), null);
        String base = "/api/v1/knowledge-bases/" + kb + "/documents";
        Bearer.get(viewerA, base + "?tag=finance").statusCode(200).body("items.id", containsInAnyOrder(a, b));
        Bearer.get(viewerA, base + "?tag=hr").statusCode(200).body("items.id", equalTo(List.of(b)));
        Bearer.get(viewerA, base + "?q=REPORT").statusCode(200).body("items.id", equalTo(List.of(a)));
        // % and _ are literal in q
        Bearer.as(viewerA).queryParam("q", "%").get(base).then().statusCode(200).body("items.id", equalTo(List.of(c)));
        Bearer.get(viewerA, base + "?q=a_r").statusCode(200).body("items.id", equalTo(List.of(a)));
        Bearer.get(viewerA, base + "?status=NOPE").statusCode(400).body("code", equalTo("validation_failed"));
        Bearer.get(viewerA, base + "?cursor=garbage").statusCode(400);

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = Bearer.get(viewerA, base + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .statusCode(200)
                    .extract();
            List<String> ids = page.path("items.id");
            assertTrue(ids.size() <= 2);
            for (String id : ids) {
                assertTrue(seen.add(id), "a document appears on one page only");
            }
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null && pages < 5);
        assertEquals(Set.of(a, b, c), seen);
        assertEquals(2, pages);
    }

    @Test
    void documentHasExactlyTheFieldsOfTheContract() throws Exception {
        String kb = createKb(adminA);
        String id = upload(memberA, kb, "fields.txt", "fields " + UUID.randomUUID(), "x");
        String body = document(viewerA, id, "").statusCode(200).extract().asString();
        JsonNode doc = JSON.readTree(body);
        Set<String> names = new HashSet<>();
        doc.fieldNames().forEachRemaining(names::add);
        assertEquals(
                Set.of(
                        "id",
                        "knowledgeBaseId",
                        "filename",
                        "contentType",
                        "sizeBytes",
                        "sha256",
                        "tags",
                        "source",
                        "status",
                        "error",
                        "chunkCount",
                        "version",
                        "createdAt",
                        "indexedAt"),
                names);
    }

    @Test
    void contentIsAnAttachmentThatBrowsersNeitherRenderNorSniff() {
        String kb = createKb(adminA);
        String html = "<html><body><script>alert(1)</script>" + UUID.randomUUID() + "</body></html>";
        String id = upload(memberA, kb, "report.html", html, null);
        var r = document(viewerA, id, "/content")
                .statusCode(200)
                .header("Content-Type", "application/octet-stream")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .extract();
        assertArrayEquals(html.getBytes(StandardCharsets.UTF_8), r.asByteArray());
        assertEquals(
                "attachment; filename=\"report.html\"; filename*=UTF-8''report.html", r.header("Content-Disposition"));
        String txt = upload(memberA, kb, "plain.txt", "plain " + UUID.randomUUID(), null);
        document(viewerA, txt, "/content")
                .statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("text/plain"));
    }

    @Test
    void textIsTheExtractedTextOnceParsed() {
        String kb = createKb(adminA);
        String marker = "marker" + UUID.randomUUID();
        String id = upload(memberA, kb, "t.md", "# Title\n\nSome words " + marker + ".\n", null);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> document(viewerA, id, "/text")
                .statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("text/plain"))
                .header("X-Quire-Text-Truncated", "false")
                .body(org.hamcrest.Matchers.containsString(marker)));
    }

    @Test
    void reprocessQueuesANewVersionWithTheCurrentTags() throws Exception {
        String kb = createKb(adminA);
        String id = upload(memberA, kb, "r.txt", "reprocess me " + UUID.randomUUID(), "keep");
        try (var consumer = consumer(TestKafka.topic("document.ingest-requested"))) {
            reprocess(viewerA, id).statusCode(403).body("code", equalTo("forbidden"));
            reprocess(memberA, id)
                    .statusCode(202)
                    .body("id", equalTo(id))
                    .body("version", equalTo(2))
                    .body("status", equalTo("QUEUED"));
            JsonNode event = awaitEvent(
                    consumer,
                    n -> n.get("documentId").asText().equals(id)
                            && n.get("version").asInt() == 2);
            assertEquals("keep", event.get("tags").get(0).asText());
            var doc = document(viewerA, id, "")
                    .statusCode(200)
                    .body("version", equalTo(2))
                    .extract()
                    .jsonPath();
            // the old version's count is never shown for the new one; the workers may already have counted it
            assertTrue(
                    doc.get("chunkCount") == null || !"QUEUED".equals(doc.getString("status")),
                    "a queued new version shows no chunk count: " + doc.prettify());
        }
    }

    @Test
    void versionsListEachVersionsProcessingNewestFirstAndHideForeignDocuments() {
        String kb = createKb(adminA);
        String id = upload(memberA, kb, "v.txt", "versions " + UUID.randomUUID(), null);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> document(viewerA, id, "/versions")
                .statusCode(200)
                .body("items.version", equalTo(List.of(1)))
                .body("items[0].state", equalTo("done"))
                .body("items[0].finishedAt", not(equalTo(null))));
        reprocess(memberA, id).statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> document(viewerA, id, "/versions")
                .statusCode(200)
                .body("items.version", equalTo(List.of(2, 1)))
                .body("nextCursor", equalTo(null)));
        document(ownerB, id, "/versions").statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void tagsAreCountedPerTenantAndNarrowedByTheKeysKnowledgeBases() {
        String kb1 = createKb(adminA);
        String kb2 = createKb(adminA);
        String t = "t" + UUID.randomUUID().toString().substring(0, 8);
        upload(memberA, kb1, "1.txt", "one " + UUID.randomUUID(), t + ", shared");
        upload(memberA, kb2, "2.txt", "two " + UUID.randomUUID(), t);
        upload(ownerB, createKb(ownerB), "b.txt", "b " + UUID.randomUUID(), t);
        Bearer.get(viewerA, "/api/v1/tags")
                .statusCode(200)
                .body("items.find { it.tag == '" + t + "' }.count", equalTo(2))
                .body("items.find { it.tag == 'shared' }.count", equalTo(1));
        String key = Tokens.key(tenantA, "viewer", List.of("read"), List.of(UUID.fromString(kb2)));
        Bearer.get(key, "/api/v1/tags")
                .statusCode(200)
                .body("items.find { it.tag == '" + t + "' }.count", equalTo(1))
                .body("items.tag", not(hasItem("shared")));
        Bearer.as(memberA)
                .multiPart("file", "x.txt", "x".getBytes(StandardCharsets.UTF_8))
                .multiPart("tags", "a".repeat(65))
                .post("/api/v1/knowledge-bases/" + kb1 + "/documents")
                .then()
                .statusCode(400);
    }

    @Test
    void everyNewRouteAnswersNotFoundForAnotherTenantsObjects() {
        String kb = createKb(adminA);
        String id = upload(memberA, kb, "secret.txt", "secret " + UUID.randomUUID(), "s");
        for (String path : List.of(
                "/api/v1/documents/" + id + "/content",
                "/api/v1/documents/" + id + "/text",
                "/api/v1/knowledge-bases/" + kb + "/documents?tag=s",
                "/api/v1/knowledge-bases/" + kb + "/events")) {
            Bearer.get(ownerB, path).statusCode(404).body("code", equalTo("not_found"));
        }
        reprocess(ownerB, id).statusCode(404);
        bulk(ownerB, kb, Map.of("action", "tag", "documentIds", List.of(id), "tags", List.of("x")))
                .statusCode(404);
        Bearer.get(ownerB, "/api/v1/tags").statusCode(200).body("items.tag", not(hasItem("s")));
        // an API key limited to another knowledge base sees none of it either
        String other = createKb(adminA);
        String key = Tokens.key(tenantA, "admin", List.of("read", "upload", "admin"), List.of(UUID.fromString(other)));
        document(key, id, "/content").statusCode(404);
        reprocess(key, id).statusCode(404);
    }

    @Test
    void apiKeyScopesGateTheNewRoutes() {
        String kb = createKb(adminA);
        String id = upload(memberA, kb, "scoped.txt", "scoped " + UUID.randomUUID(), null);
        UUID kbId = UUID.fromString(kb);
        String readOnly = Tokens.key(tenantA, "member", List.of("read"), List.of(kbId));
        String uploadOnly = Tokens.key(tenantA, "member", List.of("upload"), List.of(kbId));
        document(readOnly, id, "/content").statusCode(200);
        reprocess(readOnly, id).statusCode(403);
        document(uploadOnly, id, "/content").statusCode(403);
        Bearer.get(uploadOnly, "/api/v1/tags").statusCode(403);
        reprocess(uploadOnly, id).statusCode(202);
        bulk(
                        Tokens.key(tenantA, "member", List.of("upload", "admin"), List.of(kbId)),
                        kb,
                        Map.of("action", "delete", "documentIds", List.of(id)))
                .statusCode(403);
    }

    static KafkaConsumer<String, String> consumer(String topic) {
        return TestKafka.subscribed("127.0.0.1:9092", topic);
    }

    static JsonNode awaitEvent(KafkaConsumer<String, String> consumer, java.util.function.Predicate<JsonNode> match)
            throws Exception {
        Instant end = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(end)) {
            for (var r : consumer.poll(Duration.ofMillis(500))) {
                JsonNode n = JSON.readTree(r.value());
                if (match.test(n)) {
                    return n;
                }
            }
        }
        assertNotEquals(0, 0, "no matching event within 60 s");
        return null;
    }
}
