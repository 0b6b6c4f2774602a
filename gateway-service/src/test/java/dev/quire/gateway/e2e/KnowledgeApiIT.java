package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.Bearer;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Downloads keep their sandbox through the gateway, a knowledge base's event stream arrives unbuffered, and uploads
 * and deletions reach the tenant's usage report.
 */
class KnowledgeApiIT {
    private static String base;
    private static String owner;
    private static String kb;

    @BeforeAll
    static void setUp() {
        base = System.getProperty("quire.url", "http://127.0.0.1:8080");
        RestAssured.baseURI = base;
        RestAssured.port = -1;
        owner = Platform.tenant(Platform.adminToken(), "Knowledge API", "pro").ownerToken();
        kb = Ingest.knowledgeBase(owner, "kapi");
    }

    private static String upload(String name, String text) {
        return Ingest.accepted(owner, kb, name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits (30 s at most) until {@code path} answers 200 with these document and byte counts. */
    private static void awaitStored(
            String token, String path, String documentsField, int documents, String bytesField, int bytes) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Bearer.get(token, path)
                .statusCode(200)
                .body(documentsField, equalTo(documents))
                .body(bytesField, equalTo(bytes)));
    }

    @Test
    void uploadsAndDeletionsShowInTheTenantsUsage() {
        String token = Platform.tenant(Platform.adminToken(), "Usage", "pro").ownerToken();
        String kbId = Ingest.knowledgeBase(token, "usage");
        byte[] one = ("first " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] two = ("second, a little longer " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String[] ids = new String[2];
        int i = 0;
        for (byte[] bytes : new byte[][] {one, two}) {
            ids[i++] = Ingest.accepted(token, kbId, "n" + i + ".txt", bytes);
        }
        awaitStored(token, "/api/v1/usage", "today.documents", 2, "today.storageBytes", one.length + two.length);
        Bearer.delete(token, "/api/v1/documents/" + ids[1]).statusCode(202);
        awaitStored(token, "/api/v1/tenant", "usage.documentsStored", 1, "usage.storageBytes", one.length);
    }

    @Test
    void theGatewayPassesThePlansDocumentLimitAndTheUploadPastItIsRefused() {
        String admin = Platform.adminToken();
        var t = Platform.tenant(admin, "Quota", "free");
        Platform.limits(admin, t.id(), Map.of("maxDocuments", 2));
        String kbId = Ingest.knowledgeBase(t.ownerToken(), "quota");
        for (int i = 0; i < 3; i++) {
            var r = given().auth()
                    .oauth2(t.ownerToken())
                    // a client cannot raise its own limit: X-Quire-* headers never pass the gateway
                    .header("X-Quire-Max-Documents", "1000")
                    .multiPart(
                            "file", "q" + i + ".txt", ("quota " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/knowledge-bases/" + kbId + "/documents")
                    .then();
            if (i < 2) {
                r.statusCode(202);
            } else {
                r.statusCode(429).body("code", equalTo("quota_exceeded")).header("Retry-After", "3600");
            }
        }
    }

    @Test
    void anAddressUpToTheGatewaysLimitReachesEveryServiceAndALongerOneIsAProblem() {
        String filler = "a".repeat(6000); // over Vert.x's default 4 KiB request line, under the gateway's 8 KiB
        for (String path : List.of(
                "/api/v1/tenant", // tenant-service
                "/api/v1/knowledge-bases/" + kb + "/documents", // ingestion
                "/api/v1/knowledge-bases/" + kb + "/sections", // retrieval
                "/api/v1/conversations", // chat-agent
                "/api/v1/connectors")) { // connector-service
            given().auth().oauth2(owner).get(path + "?x=" + filler).then().statusCode(200);
        }
        given().auth()
                .oauth2(owner)
                .get("/api/v1/tenant?x=" + "a".repeat(9000))
                .then()
                .statusCode(414)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("code", equalTo("uri_too_long"));
    }

    @Test
    void htmlDownloadIsAnOpaqueSandboxedAttachmentThroughTheGateway() {
        String id = upload("page.html", "<html><body><script>alert(1)</script>" + UUID.randomUUID() + "</body></html>");
        var r = given().auth()
                .oauth2(owner)
                .get("/api/v1/documents/" + id + "/content")
                .then()
                .statusCode(200)
                .extract();
        assertEquals("application/octet-stream", r.contentType());
        assertEquals(1, r.headers().getValues("Content-Security-Policy").size(), "one policy, the download's");
        assertEquals("sandbox; default-src 'none'", r.header("Content-Security-Policy"));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertTrue(r.header("Content-Disposition").startsWith("attachment; filename=\"page.html\""));
    }

    @Test
    void statusEventsStreamThroughTheGatewayAsTheyHappen() throws Exception {
        String id = upload("e.txt", "event stream text " + UUID.randomUUID());
        var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/knowledge-bases/" + kb + "/events"))
                .header("Authorization", "Bearer " + owner)
                .header("Accept", "text/event-stream")
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        var lines = new ArrayBlockingQueue<String>(1000);
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // closed
            }
        });
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(2000);
        given().auth()
                .oauth2(owner)
                .post("/api/v1/documents/" + id + "/reprocess")
                .then()
                .statusCode(202);
        Instant end = Instant.now().plusSeconds(60);
        boolean seen = false;
        while (!seen && Instant.now().isBefore(end)) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            seen = line != null && line.startsWith("data:") && line.contains(id) && line.contains("\"version\":2");
        }
        assertTrue(seen, "a status event of the reprocessed version arrived while the stream stayed open");
        given().auth()
                .oauth2(owner)
                .get("/api/v1/knowledge-bases/" + kb + "/events?access_token=" + owner)
                .then()
                .statusCode(400);
    }
}
