package dev.quire.ingestion;

import static dev.quire.ingestion.KnowledgeApiTest.createKb;
import static dev.quire.ingestion.KnowledgeApiTest.upload;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.platform.testing.Bearer;
import dev.quire.platform.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bulk jobs run in the background, report progress, and count other tenants' documents as failed. */
@QuarkusTest
class BulkJobsTest extends TwoTenants {
    private String bulk(String token, String kb, Map<String, Object> body, int status) {
        var r = Bearer.postJson(token, "/api/v1/knowledge-bases/" + kb + "/documents/bulk", body)
                .statusCode(status);
        return status == 202 ? r.extract().path("jobId") : null;
    }

    /** A bulk job as the token's caller reads it, to check. */
    private static ValidatableResponse jobAs(String token, String jobId) {
        return Bearer.get(token, "/api/v1/jobs/" + jobId);
    }

    /** A document as the token's caller reads it, to check. */
    private static ValidatableResponse documentAs(String token, String docId) {
        return Bearer.get(token, "/api/v1/documents/" + docId);
    }

    private void awaitDone(String token, String jobId) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> jobAs(token, jobId).statusCode(200).body("status", equalTo("DONE")));
    }

    /** Asserts how many of the job's documents are done and how many failed, as A's admin reads the job. */
    private void assertCounts(String job, int done, int failed) {
        jobAs(adminA, job).body("done", equalTo(done)).body("failed", equalTo(failed));
    }

    @Test
    void tagJobTagsOwnDocumentsAndCountsForeignOnesAsFailedWithoutTouchingThem() throws Exception {
        String kb = createKb(adminA);
        String d1 = upload(memberA, kb, "1.txt", "one " + UUID.randomUUID(), null);
        String d2 = upload(memberA, kb, "2.txt", "two " + UUID.randomUUID(), "old");
        String kbB = createKb(ownerB);
        String foreign = upload(ownerB, kbB, "b.txt", "b " + UUID.randomUUID(), null);
        String tag = "bulk" + UUID.randomUUID().toString().substring(0, 6);
        try (var tagged = KnowledgeApiTest.consumer(TestKafka.topic("document.tagged"))) {
            String job = bulk(
                    memberA,
                    kb,
                    Map.of("action", "tag", "documentIds", List.of(d1, d2, foreign), "tags", List.of(tag)),
                    202);
            awaitDone(viewerA, job);
            jobAs(viewerA, job)
                    .body("action", equalTo("tag"))
                    .body("total", equalTo(3))
                    .body("done", equalTo(2))
                    .body("failed", equalTo(1))
                    .body("errors[0].documentId", equalTo(foreign))
                    .body("errors[0].code", equalTo("not_found"));
            documentAs(viewerA, d2).body("tags", equalTo(List.of("old", tag)));
            documentAs(ownerB, foreign).body("tags", not(hasItem(tag)));
            var event = KnowledgeApiTest.awaitEvent(
                    tagged, n -> n.get("documentId").asText().equals(d2));
            assertEquals(tag, event.get("tags").get(1).asText());
            // another tenant cannot read the job
            jobAs(ownerB, job).statusCode(404).body("code", equalTo("not_found"));
        }
        String untag =
                bulk(memberA, kb, Map.of("action", "untag", "documentIds", List.of(d2), "tags", List.of("old")), 202);
        awaitDone(memberA, untag);
        documentAs(viewerA, d2).body("tags", equalTo(List.of(tag)));
    }

    @Test
    void deleteJobNeedsAnAdminAndDeletesTheDocuments() {
        String kb = createKb(adminA);
        String d1 = upload(memberA, kb, "1.txt", "one " + UUID.randomUUID(), null);
        bulk(memberA, kb, Map.of("action", "delete", "documentIds", List.of(d1)), 403);
        bulk(viewerA, kb, Map.of("action", "reprocess", "documentIds", List.of(d1)), 403);
        bulk(adminA, kb, Map.of("action", "explode", "documentIds", List.of(d1)), 400);
        bulk(adminA, kb, Map.of("action", "tag", "documentIds", List.of(d1)), 400);
        bulk(adminA, kb, Map.of("action", "delete", "documentIds", List.of()), 400);
        String job = bulk(adminA, kb, Map.of("action", "delete", "documentIds", List.of(d1)), 202);
        awaitDone(adminA, job);
        documentAs(adminA, d1).statusCode(404);
        assertCounts(job, 1, 0);
    }

    @Test
    void reprocessJobQueuesNewVersions() {
        String kb = createKb(adminA);
        String d1 = upload(memberA, kb, "1.txt", "one " + UUID.randomUUID(), null);
        String job = bulk(
                memberA,
                kb,
                Map.of(
                        "action",
                        "reprocess",
                        "documentIds",
                        List.of(d1, UUID.randomUUID().toString())),
                202);
        awaitDone(memberA, job);
        assertCounts(job, 1, 1);
        documentAs(viewerA, d1).body("version", equalTo(2));
    }
}
