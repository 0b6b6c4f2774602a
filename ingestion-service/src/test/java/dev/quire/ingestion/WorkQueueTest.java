package dev.quire.ingestion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.ingestion.work.WorkItem;
import dev.quire.ingestion.work.WorkQueue;
import dev.quire.ingestion.work.WorkRunner;
import dev.quire.ingestion.work.WorkerPool;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The durable work queue on the real PostgreSQL and broker: fairness, idempotence, leases, retries, dead letters. */
@QuarkusTest
class WorkQueueTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOOTSTRAP = System.getProperty("kafka", "127.0.0.1:9092");

    @Inject
    WorkQueue queue;

    @Inject
    WorkerPool pool;

    @Inject
    WorkRunner runner;

    @Inject
    DataSource ds;

    @AfterEach
    void resume() {
        pool.resume();
    }

    @Test
    void oneTenantsThousandFilesDoNotStarveAnotherTenantsSingleFile() throws Exception {
        UUID bulk = UUID.randomUUID();
        UUID single = UUID.randomUUID();
        UUID singleDoc = UUID.randomUUID();
        pool.pause();
        try (var producer = producer()) {
            for (int i = 0; i < 1000; i++) {
                UUID doc = UUID.randomUUID();
                producer.send(new ProducerRecord<>(
                        TestKafka.topic("document.ingest-requested"), bulk + ":" + doc, request(bulk, doc)));
            }
            producer.send(new ProducerRecord<>(
                            TestKafka.topic("document.ingest-requested"),
                            single + ":" + singleDoc,
                            request(single, singleDoc)))
                    .get();
        }
        await().atMost(Duration.ofSeconds(90))
                .until(() -> count("select count(*) from ingest_work where tenant_id in (?, ?)", bulk, single) == 1001);
        pool.resume();
        await().atMost(Duration.ofSeconds(120))
                .until(() -> count(
                                "select count(*) from ingest_work where tenant_id in (?, ?) and state = 'done'",
                                bulk,
                                single)
                        == 1001);
        long bulkBefore = count(
                "select count(*) from ingest_work where tenant_id = ? and claim_seq < (select claim_seq from"
                        + " ingest_work where document_id = ?)",
                bulk,
                singleDoc);
        assertTrue(bulkBefore <= 3, "the single file waited behind " + bulkBefore + " of the 1000 (FIFO: 1000)");
    }

    @Test
    void redeliveredRequestIsOneWorkItem() {
        UUID tenant = UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        assertTrue(queue.enqueue(tenant, doc, 1, request(tenant, doc)));
        assertFalse(queue.enqueue(tenant, doc, 1, request(tenant, doc)));
        assertTrue(queue.enqueue(tenant, doc, 2, request(tenant, doc)), "a new version is new work");
    }

    @Test
    void expiredLeaseOfADeadInstanceIsTakenOver() {
        pool.pause();
        UUID tenant = UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        queue.enqueue(tenant, doc, 1, request(tenant, doc));
        WorkItem first = claimUntil(doc, "dead-instance", Duration.ofMillis(300));
        assertEquals(1, first.attempts());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            WorkItem again = claimUntil(doc, "survivor", Duration.ofSeconds(30));
            assertEquals(2, again.attempts());
        });
        assertFalse(queue.done(first, "dead-instance"), "the dead owner no longer holds it");
    }

    @Test
    void transientFailureIsRetriedAndTheDocumentStillArrives() throws Exception {
        pool.pause();
        UUID tenant = UUID.randomUUID();
        String doc = uploadOne(tenant, "transient-" + UUID.randomUUID() + ". Trains are booked for short trips.");
        WorkItem item = claimUntil(UUID.fromString(doc), "test-owner", Duration.ofSeconds(30));
        runner.failed(item, "test-owner", "database hiccup (simulated)");
        assertEquals(
                1,
                count(
                        "select count(*) from ingest_work where document_id = ? and state = 'ready'"
                                + " and attempts = 1 and lease_owner is null and last_error like '%hiccup%'",
                        UUID.fromString(doc)));
        assertEquals(Duration.ofMillis(200), runner.backoff(1));
        assertEquals(Duration.ofMillis(400), runner.backoff(2));
        assertEquals(Duration.ofSeconds(1), runner.backoff(9), "capped");
        pool.resume();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth()
                .oauth2(Tokens.of(tenant, "member"))
                .get("/api/v1/documents/" + doc)
                .then()
                .statusCode(200)
                .body("status", equalTo("INDEXING")));
    }

    @Test
    void spentRetriesGoToTheDeadLetterTopicWithAReasonAndFailTheDocument() throws Exception {
        pool.pause();
        UUID tenant = UUID.randomUUID();
        String doc = uploadOne(tenant, "poison-" + UUID.randomUUID() + ". This one never gets through.");
        try (var dlq = consumer()) {
            dlq.subscribe(java.util.List.of(TestKafka.topic("document.ingest-requested.dlq")));
            for (int attempt = 1; attempt <= 3; attempt++) {
                WorkItem item = claimUntil(UUID.fromString(doc), "test-owner", Duration.ofSeconds(30));
                assertEquals(attempt, item.attempts());
                runner.failed(item, "test-owner", "retrieval unreachable (simulated)");
            }
            String reason = null;
            Instant end = Instant.now().plusSeconds(60);
            while (reason == null && Instant.now().isBefore(end)) {
                for (var r : dlq.poll(Duration.ofMillis(500))) {
                    if (r.key().endsWith(":" + doc)) {
                        reason = new String(
                                r.headers().lastHeader(WorkRunner.REASON_HEADER).value(), StandardCharsets.UTF_8);
                    }
                }
            }
            assertEquals("ingestion failed after 3 attempts: retrieval unreachable (simulated)", reason);
        }
        given().auth()
                .oauth2(Tokens.of(tenant, "member"))
                .get("/api/v1/documents/" + doc)
                .then()
                .statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("error", equalTo("ingestion failed after 3 attempts: retrieval unreachable (simulated)"));
        assertEquals(
                1,
                count(
                        "select count(*) from ingest_work where document_id = ? and state = 'dead'",
                        UUID.fromString(doc)));
    }

    /** Claims (as {@code owner}) until this document's item comes up; other items are left to lapse. */
    private WorkItem claimUntil(UUID doc, String owner, Duration lease) {
        WorkItem[] found = new WorkItem[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var item = queue.claim(owner, lease);
            if (item.isPresent() && item.get().documentId().equals(doc)) {
                found[0] = item.get();
                return true;
            }
            item.ifPresent(other -> queue.retryLater(other, owner, Duration.ZERO, null));
            return false;
        });
        return found[0];
    }

    private String uploadOne(UUID tenant, String text) {
        String kb = given().auth()
                .oauth2(Tokens.of(tenant, "admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Queue"))
                .post("/api/v1/knowledge-bases")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String doc = given().auth()
                .oauth2(Tokens.of(tenant, "member"))
                .multiPart("file", "q.txt", text.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/knowledge-bases/" + kb + "/documents")
                .then()
                .statusCode(202)
                .extract()
                .path("items[0].id");
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        count("select count(*) from ingest_work where document_id = ?", UUID.fromString(doc)) == 1);
        return doc;
    }

    private long count(String sql, Object... args) throws Exception {
        try (var c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("select set_config('app.ingest_queue', 'on', true)")) {
                ps.execute();
            }
            try (var ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    long n = rs.getLong(1);
                    c.commit();
                    return n;
                }
            }
        }
    }

    private static String request(UUID tenant, UUID doc) {
        try {
            return JSON.writeValueAsString(Map.ofEntries(
                    Map.entry("eventId", UUID.randomUUID().toString()),
                    Map.entry("tenantId", tenant.toString()),
                    Map.entry("occurredAt", Instant.now().toString()),
                    Map.entry("documentId", doc.toString()),
                    Map.entry("knowledgeBaseId", UUID.randomUUID().toString()),
                    Map.entry("version", 1),
                    Map.entry("filename", "f.txt"),
                    Map.entry("contentType", "text/plain"),
                    Map.entry("sha256", "0"),
                    Map.entry("sizeBytes", 1),
                    Map.entry("blobId", UUID.randomUUID().toString())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<String, String> producer() {
        var p = new Properties();
        p.put("bootstrap.servers", BOOTSTRAP);
        p.put("linger.ms", 5);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer() {
        return TestKafka.consumer(BOOTSTRAP, "earliest");
    }
}
