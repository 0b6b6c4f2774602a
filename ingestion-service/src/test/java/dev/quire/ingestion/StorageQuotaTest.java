package dev.quire.ingestion;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.platform.testing.Bearer;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The plan's document and storage limits the gateway signs into its token: exact, whole-request, and shared by concurrent uploads. */
@QuarkusTest
class StorageQuotaTest {
    private final UUID tenant = UUID.randomUUID();
    private final String member = Tokens.of(tenant, "member");
    private final String admin = Tokens.of(tenant, "admin");

    private final UUID memberId = UUID.randomUUID();

    /** A member's call with the limits in the gateway's signed token. */
    private RequestSpecification limited(String maxDocuments, String maxStorageMb) {
        return Bearer.as(Tokens.limited(tenant, memberId, "member", maxDocuments, maxStorageMb));
    }

    @Test
    void limitHeadersACallerSetsAreIgnored() {
        String kb = KnowledgeApiTest.createKb(admin);
        String url = "/api/v1/knowledge-bases/" + kb + "/documents";
        limited("1", "1000")
                .multiPart("file", "a.txt", text("a"))
                .post(url)
                .then()
                .statusCode(202);
        // the token says one document; headers claiming a thousand (a caller reaching the port) change nothing
        limited("1", "1000")
                .header("X-Quire-Max-Documents", "1000")
                .header("X-Quire-Max-Storage-Mb", "100000")
                .multiPart("file", "b.txt", text("b"))
                .post(url)
                .then()
                .statusCode(429)
                .body("code", equalTo("quota_exceeded"));
        assertEquals(1, documents(kb));
    }

    private static byte[] text(String name) {
        return (name + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    private int documents(String kb) {
        return Bearer.get(member, "/api/v1/knowledge-bases/" + kb + "/documents?limit=200")
                .statusCode(200)
                .extract()
                .path("items.size()");
    }

    @Test
    void uploadsPastTheDocumentLimitAreRefusedWholeAndDuplicatesCountNothing() {
        String kb = KnowledgeApiTest.createKb(admin);
        String url = "/api/v1/knowledge-bases/" + kb + "/documents";
        byte[] a = text("a");
        String first = limited("3", "1000")
                .multiPart("file", "a.txt", a)
                .post(url)
                .then()
                .statusCode(202)
                .extract()
                .path("items[0].id");
        // three more would make four: the whole request is refused, none of it stored
        limited("3", "1000")
                .multiPart("file", "b.txt", text("b"))
                .multiPart("file", "c.txt", text("c"))
                .multiPart("file", "d.txt", text("d"))
                .post(url)
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "3600")
                .body("code", equalTo("quota_exceeded"));
        assertEquals(1, documents(kb));
        limited("3", "1000")
                .multiPart("file", "b.txt", text("b"))
                .multiPart("file", "c.txt", text("c"))
                .post(url)
                .then()
                .statusCode(202);
        // the same bytes again store nothing, so they are not refused
        limited("3", "1000")
                .multiPart("file", "a-again.txt", a)
                .post(url)
                .then()
                .statusCode(202)
                .body("items[0].duplicate", equalTo(true));
        limited("3", "1000")
                .multiPart("file", "e.txt", text("e"))
                .post(url)
                .then()
                .statusCode(429)
                .body("code", equalTo("quota_exceeded"));
        Bearer.delete(admin, "/api/v1/documents/" + first).statusCode(202);
        limited("3", "1000")
                .multiPart("file", "e.txt", text("e"))
                .post(url)
                .then()
                .statusCode(202);
        assertEquals(3, documents(kb));
    }

    @Test
    void uploadsPastTheStorageLimitAreRefused() {
        String kb = KnowledgeApiTest.createKb(admin);
        String url = "/api/v1/knowledge-bases/" + kb + "/documents";
        byte[] big = new byte[700 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        limited("100", "1").multiPart("file", "one.txt", big).post(url).then().statusCode(202);
        big[0] = 'y';
        limited("100", "1")
                .multiPart("file", "two.txt", big)
                .post(url)
                .then()
                .statusCode(429)
                .body("code", equalTo("quota_exceeded"));
        assertEquals(1, documents(kb));
    }

    @Test
    void concurrentUploadsCannotPassTheLimitTogether() throws Exception {
        String kb = KnowledgeApiTest.createKb(admin);
        String url = "/api/v1/knowledge-bases/" + kb + "/documents";
        var pool = Executors.newFixedThreadPool(8);
        try {
            var jobs = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 8; i++) {
                String name = "f" + i + ".txt";
                jobs.add(() -> {
                    Response r = limited("5", "1000")
                            .multiPart("file", name, text(name))
                            .post(url);
                    return r.statusCode();
                });
            }
            int accepted = 0;
            int refused = 0;
            for (var f : pool.invokeAll(jobs)) {
                int status = f.get();
                if (status == 202) {
                    accepted++;
                } else if (status == 429) {
                    refused++;
                }
            }
            assertEquals(5, accepted);
            assertEquals(3, refused);
            assertEquals(5, documents(kb));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void uploadsWithoutLimitsFromTheGatewayAreNotLimited() {
        String kb = KnowledgeApiTest.createKb(admin);
        for (int i = 0; i < 3; i++) {
            Bearer.as(member)
                    .multiPart("file", "n" + i + ".txt", text("n" + i))
                    .post("/api/v1/knowledge-bases/" + kb + "/documents")
                    .then()
                    .statusCode(202);
        }
        assertEquals(3, documents(kb));
    }
}
