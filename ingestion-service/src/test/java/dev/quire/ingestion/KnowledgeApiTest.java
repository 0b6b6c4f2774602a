package dev.quire.ingestion;

import static io.restassured.RestAssured.given;
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
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "KB " + UUID.randomUUID()))
                .post("/api/v1/knowledge-bases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static String upload(String token, String kb, String name, String text, String tags) {
        var req = given().auth().oauth2(token).multiPart("file", name, text.getBytes(StandardCharsets.UTF_8));
        if (tags != null) {
            req = req.multiPart("tags", tags);
        }
        return req.post("/api/v1/knowledge-bases/" + kb + "/documents")
                .then()
                .statusCode(202)
                .extract()
                .path("items[0].id");
    }

    @Test
    void listFiltersByStatusTagAndFilenameAndPagesWithACursor() {
        String kb = createKb(adminA);
        String a = upload(memberA, kb, "alpha_report.txt", "alpha " + UUID.randomUUID(), "finance");
        String b = upload(memberA, kb, "beta.txt", "beta " + UUID.randomUUID(), "hr, finance");
        String c = upload(memberA, kb, "gamma%.txt", "gamma " + UUID.randomUUID(), null);
        String base = "/api/v1/knowledge-bases/" + kb + "/documents";
        given().auth()
                .oauth2(viewerA)
                .get(base + "?tag=finance")
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(a, b));
        given().auth()
                .oauth2(viewerA)
                .get(base + "?tag=hr")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(b)));
        given().auth()
                .oauth2(viewerA)
                .get(base + "?q=REPORT")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(a)));
        // % and _ are literal in q
        given().auth()
                .oauth2(viewerA)
                .queryParam("q", "%")
                .get(base)
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(c)));
        given().auth()
                .oauth2(viewerA)
                .get(base + "?q=a_r")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(a)));
        given().auth()
                .oauth2(viewerA)
                .get(base + "?status=NOPE")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        given().auth().oauth2(viewerA).get(base + "?cursor=garbage").then().statusCode(400);

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = given().auth()
                    .oauth2(viewerA)
                    .get(base + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .then()
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
        String body = given().auth()
                .oauth2(viewerA)
                .get("/api/v1/documents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
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
        var r = given().auth()
                .oauth2(viewerA)
                .get("/api/v1/documents/" + id + "/content")
                .then()
                .statusCode(200)
                .header("Content-Type", "application/octet-stream")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .extract();
        assertArrayEquals(html.getBytes(StandardCharsets.UTF_8), r.asByteArray());
        assertEquals(
                "attachment; filename=\"report.html\"; filename*=UTF-8''report.html", r.header("Content-Disposition"));
        String txt = upload(memberA, kb, "plain.txt", "plain " + UUID.randomUUID(), null);
        given().auth()
                .oauth2(viewerA)
                .get("/api/v1/documents/" + txt + "/content")
                .then()
                .statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("text/plain"));
    }

    @Test
    void textIsTheExtractedTextOnceParsed() {
        String kb = createKb(adminA);
        String marker = "marker" + UUID.randomUUID();
        String id = upload(memberA, kb, "t.md", "# Title\n\nSome words " + marker + ".\n", null);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth()
                .oauth2(viewerA)
                .get("/api/v1/documents/" + id + "/text")
                .then()
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
            given().auth()
                    .oauth2(viewerA)
                    .post("/api/v1/documents/" + id + "/reprocess")
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("forbidden"));
            given().auth()
                    .oauth2(memberA)
                    .post("/api/v1/documents/" + id + "/reprocess")
                    .then()
                    .statusCode(202)
                    .body("id", equalTo(id))
                    .body("version", equalTo(2))
                    .body("status", equalTo("QUEUED"));
            JsonNode event = awaitEvent(
                    consumer,
                    n -> n.get("documentId").asText().equals(id)
                            && n.get("version").asInt() == 2);
            assertEquals("keep", event.get("tags").get(0).asText());
            var doc = given().auth()
                    .oauth2(viewerA)
                    .get("/api/v1/documents/" + id)
                    .then()
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
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth()
                .oauth2(viewerA)
                .get("/api/v1/documents/" + id + "/versions")
                .then()
                .statusCode(200)
                .body("items.version", equalTo(List.of(1)))
                .body("items[0].state", equalTo("done"))
                .body("items[0].finishedAt", not(equalTo(null))));
        given().auth()
                .oauth2(memberA)
                .post("/api/v1/documents/" + id + "/reprocess")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth()
                .oauth2(viewerA)
                .get("/api/v1/documents/" + id + "/versions")
                .then()
                .statusCode(200)
                .body("items.version", equalTo(List.of(2, 1)))
                .body("nextCursor", equalTo(null)));
        given().auth()
                .oauth2(ownerB)
                .get("/api/v1/documents/" + id + "/versions")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void tagsAreCountedPerTenantAndNarrowedByTheKeysKnowledgeBases() {
        String kb1 = createKb(adminA);
        String kb2 = createKb(adminA);
        String t = "t" + UUID.randomUUID().toString().substring(0, 8);
        upload(memberA, kb1, "1.txt", "one " + UUID.randomUUID(), t + ", shared");
        upload(memberA, kb2, "2.txt", "two " + UUID.randomUUID(), t);
        upload(ownerB, createKb(ownerB), "b.txt", "b " + UUID.randomUUID(), t);
        given().auth()
                .oauth2(viewerA)
                .get("/api/v1/tags")
                .then()
                .statusCode(200)
                .body("items.find { it.tag == '" + t + "' }.count", equalTo(2))
                .body("items.find { it.tag == 'shared' }.count", equalTo(1));
        String key = Tokens.key(tenantA, "viewer", List.of("read"), List.of(UUID.fromString(kb2)));
        given().auth()
                .oauth2(key)
                .get("/api/v1/tags")
                .then()
                .statusCode(200)
                .body("items.find { it.tag == '" + t + "' }.count", equalTo(1))
                .body("items.tag", not(hasItem("shared")));
        given().auth()
                .oauth2(memberA)
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
            given().auth().oauth2(ownerB).get(path).then().statusCode(404).body("code", equalTo("not_found"));
        }
        given().auth()
                .oauth2(ownerB)
                .post("/api/v1/documents/" + id + "/reprocess")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(ownerB)
                .contentType(ContentType.JSON)
                .body(Map.of("action", "tag", "documentIds", List.of(id), "tags", List.of("x")))
                .post("/api/v1/knowledge-bases/" + kb + "/documents/bulk")
                .then()
                .statusCode(404);
        given().auth().oauth2(ownerB).get("/api/v1/tags").then().statusCode(200).body("items.tag", not(hasItem("s")));
        // an API key limited to another knowledge base sees none of it either
        String other = createKb(adminA);
        String key = Tokens.key(tenantA, "admin", List.of("read", "upload", "admin"), List.of(UUID.fromString(other)));
        given().auth()
                .oauth2(key)
                .get("/api/v1/documents/" + id + "/content")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(key)
                .post("/api/v1/documents/" + id + "/reprocess")
                .then()
                .statusCode(404);
    }

    @Test
    void apiKeyScopesGateTheNewRoutes() {
        String kb = createKb(adminA);
        String id = upload(memberA, kb, "scoped.txt", "scoped " + UUID.randomUUID(), null);
        UUID kbId = UUID.fromString(kb);
        String readOnly = Tokens.key(tenantA, "member", List.of("read"), List.of(kbId));
        String uploadOnly = Tokens.key(tenantA, "member", List.of("upload"), List.of(kbId));
        given().auth()
                .oauth2(readOnly)
                .get("/api/v1/documents/" + id + "/content")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(readOnly)
                .post("/api/v1/documents/" + id + "/reprocess")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(uploadOnly)
                .get("/api/v1/documents/" + id + "/content")
                .then()
                .statusCode(403);
        given().auth().oauth2(uploadOnly).get("/api/v1/tags").then().statusCode(403);
        given().auth()
                .oauth2(uploadOnly)
                .post("/api/v1/documents/" + id + "/reprocess")
                .then()
                .statusCode(202);
        given().auth()
                .oauth2(Tokens.key(tenantA, "member", List.of("upload", "admin"), List.of(kbId)))
                .contentType(ContentType.JSON)
                .body(Map.of("action", "delete", "documentIds", List.of(id)))
                .post("/api/v1/knowledge-bases/" + kb + "/documents/bulk")
                .then()
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
