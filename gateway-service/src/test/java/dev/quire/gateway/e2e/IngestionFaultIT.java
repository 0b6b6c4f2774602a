package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 200 documents in flight through the gateway while the Kafka broker is killed (-9) twice and an ingestion-service
 * instance three times: every accepted document ends INDEXED with the chunk count of a clean run, no chunk is stored
 * twice, and replaying the topics from their beginning (every consumer group rewound to offset 0 of what the broker
 * still holds, earlier tests' records included) changes nothing.
 */
class IngestionFaultIT {
    private static final int DOCS = 200;
    private static final int PER_REQUEST = 10;
    private static final int SECOND_PORT = 8092;
    private static final String BOOTSTRAP = System.getProperty("kafka", "127.0.0.1:9092");
    /** Consumer group → the topic it reads, for the replay. */
    private static final Map<String, String> GROUPS = Map.of(
            "ingestion-worker", "document.ingest-requested",
            "ingestion-indexed", "document.indexed",
            "retrieval-indexer", "document.chunked",
            "retrieval-deleter", "document.deleted",
            "retrieval-tagger", "document.tagged");

    private static String token;

    /** As the stack's own instance (Makefile TEST_STACK_ENV): a killed instance's partitions move after 10 s. */
    private static final Map<String, String> FAST_FAILOVER = Map.of("QUIRE_KAFKA_SESSION_TIMEOUT_MS", "10000");

    @BeforeAll
    static void setUp() {
        Platform.useGateway();
        // enterprise: the run stores 400 documents (the run's and the control's), past the free plan's 200
        token = Platform.tenant(Platform.adminToken(), "Fault run", "enterprise")
                .ownerToken();
    }

    @Test
    void everyAcceptedDocumentIsIndexedOnceThroughBrokerAndInstanceKills() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String kb = createKb("Under fire " + run);
        phase("start");
        Process second = Stack.ingestion(SECOND_PORT, FAST_FAILOVER);
        try {
            AtomicInteger uploaded = new AtomicInteger();
            var uploads = CompletableFuture.runAsync(() -> uploadAll(kb, run, uploaded));
            awaitUploaded(uploaded, 40);
            Stack.script("infra.sh", "kill-kafka");
            Thread.sleep(4000);
            Stack.script("infra.sh", "start-kafka");
            awaitUploaded(uploaded, 80);
            phase("broker killed and back");
            second = restart(second);
            awaitUploaded(uploaded, 120);
            Stack.kill9("ingestion-service");
            Stack.script("services.sh", "start");
            awaitUploaded(uploaded, 160);
            phase("instances killed and back");
            Stack.script("infra.sh", "kill-kafka");
            Thread.sleep(4000);
            Stack.script("infra.sh", "start-kafka");
            second = restart(second);
            uploads.get();
            phase("uploaded through the faults");

            Map<String, Integer> faulted = awaitAllIndexed(kb);
            phase("all indexed");
            assertEquals(DOCS, faulted.size(), "every accepted document is in the knowledge base once");

            String control = createKb("Control " + run);
            uploadAll(control, run, new AtomicInteger());
            Map<String, Integer> clean = awaitAllIndexed(control);
            phase("control indexed");
            assertEquals(clean, faulted, "chunk counts per file equal a clean run's");

            String chunks = chunkSnapshot(kb);
            String everything = installationSnapshot();
            int expected = faulted.values().stream().mapToInt(Integer::intValue).sum();
            assertEquals(expected + "|" + expected + "|0", chunkCounts(kb), "stored rows | live rows | duplicates");

            // replay: stop the consumers, rewind their groups to the topics' beginning, start them again
            phase("checked; replay next");
            second.destroy(); // SIGTERM now, alongside the stack's own consumers
            replayFrom(offsets(OffsetSpec.earliest()), second);
            second = null;
            phase("replay started");
            awaitNoLag();
            Thread.sleep(5000);
            awaitNoLag();
            assertEquals(faulted, awaitAllIndexed(kb), "after the replay");
            assertEquals(expected + "|" + expected + "|0", chunkCounts(kb), "after the replay");
            assertEquals(chunks, chunkSnapshot(kb), "the replay changed no stored chunk or statistic");
            assertEquals(everything, installationSnapshot(), "the replay changed nothing of earlier tests' documents");
            assertEquals(0, chunksOfDeletedDocuments(), "no deleted document came back");
            phase("replay checked");
        } finally {
            Stack.stop(second);
            Stack.script("infra.sh", "start-kafka");
            Stack.script("services.sh", "start");
        }
    }

    private static final long T0 = System.nanoTime();

    /** Where the run's time goes (printed: the slowest end-to-end test). */
    private static void phase(String name) {
        System.out.printf("IngestionFaultIT %-28s at %5.1f s%n", name, (System.nanoTime() - T0) / 1e9);
    }

    private static Process restart(Process instance) throws Exception {
        instance.destroyForcibly().waitFor();
        return Stack.ingestion(SECOND_PORT, FAST_FAILOVER);
    }

    private static String createKb(String name) {
        return Ingest.knowledgeBase(token, name);
    }

    /** Distinct small texts of 1 to 5 chunks; the same {@code run} gives the same bytes. */
    static String text(String run, int i) {
        var sb = new StringBuilder("# Report " + i + " of run " + run + "\n\n");
        int sentences = 4 + (i % 5) * 7;
        for (int s = 0; s < sentences; s++) {
            sb.append("Station ")
                    .append(i)
                    .append(" logged reading ")
                    .append(s)
                    .append(" at ")
                    .append((i * 31 + s * 7) % 1000)
                    .append(" units while the crew checked valve ")
                    .append((char) ('A' + (s % 26)))
                    .append(". ");
            if (s % 6 == 5) {
                sb.append("\n\n");
            }
        }
        return sb.toString();
    }

    /** Uploads the 200 files ten per request; a request that fails (ingestion down, 429) is sent again. */
    private static void uploadAll(String kb, String run, AtomicInteger uploaded) {
        for (int from = 0; from < DOCS; from += PER_REQUEST) {
            long deadline = System.currentTimeMillis() + 180_000;
            while (true) {
                var request = given().auth().oauth2(token);
                for (int i = from; i < from + PER_REQUEST; i++) {
                    request = request.multiPart(
                            "file",
                            "report-" + i + ".txt",
                            text(run, i).getBytes(StandardCharsets.UTF_8),
                            "text/plain");
                }
                Response r;
                try {
                    r = request.post("/api/v1/knowledge-bases/" + kb + "/documents");
                } catch (Exception e) {
                    r = null;
                }
                if (r != null && r.statusCode() == 202) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("upload kept failing: " + (r == null ? "no answer" : r.asString()));
                }
                sleep(r != null && r.statusCode() == 429 ? 3000 : 1000);
            }
            uploaded.addAndGet(PER_REQUEST);
        }
    }

    private static void awaitUploaded(AtomicInteger uploaded, int n) {
        await().atMost(Duration.ofMinutes(4)).until(() -> uploaded.get() >= n);
    }

    /** Waits until every document of the knowledge base is INDEXED; answers chunk count by filename. */
    private static Map<String, Integer> awaitAllIndexed(String kb) {
        Map<String, Integer> out = new TreeMap<>();
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(5))
                .untilAsserted(() -> {
                    var r = given().auth().oauth2(token).get("/api/v1/knowledge-bases/" + kb + "/documents?limit=200");
                    assertEquals(200, r.statusCode(), r.asString());
                    List<Map<String, Object>> items = r.jsonPath().getList("items");
                    Map<String, Integer> counts = new TreeMap<>();
                    Map<String, Integer> byStatus = new TreeMap<>();
                    for (var d : items) {
                        byStatus.merge((String) d.get("status"), 1, Integer::sum);
                        if ("INDEXED".equals(d.get("status"))) {
                            counts.put((String) d.get("filename"), (Integer) d.get("chunkCount"));
                        }
                    }
                    assertEquals(DOCS, counts.size(), "statuses " + byStatus);
                    out.clear();
                    out.putAll(counts);
                });
        return out;
    }

    /** Stored rows, live rows and (document, index) pairs stored more than once, in retrieval's table. */
    private static String chunkCounts(String kb) throws Exception {
        return Stack.sql("select (select count(*) from retrieval.chunks where knowledge_base_id = '" + kb + "')"
                        + " || '|' || (select count(*) from retrieval.chunks where knowledge_base_id = '" + kb
                        + "' and live) || '|' || (select count(*) from (select document_id, idx from"
                        + " retrieval.chunks where knowledge_base_id = '" + kb + "' group by 1, 2 having"
                        + " count(*) > 1) d)")
                .get(0);
    }

    /** A digest of every stored chunk and the knowledge base's search statistics. */
    private static String chunkSnapshot(String kb) throws Exception {
        return Stack.sql("select md5(string_agg(id || ':' || version || ':' || live || ':' || md5(text), ','"
                        + " order by id)) || '|' || coalesce((select chunks || ':' || total_len from"
                        + " retrieval.kb_stats where knowledge_base_id = '" + kb + "'), '-')"
                        + " from retrieval.chunks where knowledge_base_id = '" + kb + "'")
                .get(0);
    }

    /**
     * Every tenant's documents (id, version, status, chunk count) and their stored chunks (id, version, live, tags):
     * the replay re-delivers earlier tests' records too, and none may change anything. Chunks whose document exists
     * nowhere any more are left out: a development database wiped under a live broker leaves records the services
     * cannot tell from new ones (deleted documents are different: their tombstones are checked by
     * {@link #chunksOfDeletedDocuments()}).
     */
    private static String installationSnapshot() throws Exception {
        return Stack.sql("select (select md5(coalesce(string_agg(id || ':' || version || ':' || status || ':'"
                        + " || coalesce(chunk_count, -1), ',' order by id), '')) from ingestion.documents) || '|' ||"
                        + " (select count(*) || ':' || md5(coalesce(string_agg(c.id || ':' || c.version || ':' ||"
                        + " c.live || ':' || c.tags::text, ',' order by c.id), '')) from retrieval.chunks c where"
                        + " exists (select 1 from ingestion.documents d where d.id = c.document_id))")
                .get(0);
    }

    /** Stored chunks of a document version that was deleted (a tombstone covers it): always 0. */
    private static int chunksOfDeletedDocuments() throws Exception {
        return Integer.parseInt(Stack.sql("select count(*) from retrieval.chunks c join retrieval.tombstones t on"
                        + " t.tenant_id = c.tenant_id and t.document_id = c.document_id and c.version <= t.version")
                .get(0));
    }

    private static Admin admin() {
        var p = new Properties();
        p.put("bootstrap.servers", BOOTSTRAP);
        return Admin.create(p);
    }

    private static Map<TopicPartition, Long> offsets(OffsetSpec spec) throws Exception {
        try (var admin = admin()) {
            var specs = new HashMap<TopicPartition, OffsetSpec>();
            for (var d :
                    admin.describeTopics(GROUPS.values()).allTopicNames().get().values()) {
                d.partitions().forEach(p -> specs.put(new TopicPartition(d.name(), p.partition()), spec));
            }
            var out = new HashMap<TopicPartition, Long>();
            admin.listOffsets(specs).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    /** Stops the consuming services gracefully (they leave their groups), rewinds the groups, starts them again. */
    private static void replayFrom(Map<TopicPartition, Long> start, Process second) throws Exception {
        Stack.stop("ingestion-service", "retrieval-service");
        Stack.stop(second);
        phase("consumers stopped");
        try (var admin = admin()) {
            for (var g : GROUPS.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                start.forEach((tp, offset) -> {
                    if (tp.topic().equals(g.getValue())) {
                        offsets.put(tp, new OffsetAndMetadata(offset));
                    }
                });
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(2))
                        .ignoreExceptions()
                        .until(() -> {
                            admin.alterConsumerGroupOffsets(g.getKey(), offsets)
                                    .all()
                                    .get();
                            return true;
                        });
            }
        }
        phase("groups rewound");
        Stack.script("services.sh", "start");
    }

    /** Waits until the three groups have consumed everything now on their topics. */
    private static void awaitNoLag() {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Map<TopicPartition, Long> end = offsets(OffsetSpec.latest());
                    try (var admin = admin()) {
                        long lag = 0;
                        for (String group : GROUPS.keySet()) {
                            var committed = admin.listConsumerGroupOffsets(group)
                                    .partitionsToOffsetAndMetadata()
                                    .get();
                            for (var e : end.entrySet()) {
                                if (!e.getKey().topic().equals(GROUPS.get(group))) {
                                    continue;
                                }
                                var c = committed.get(e.getKey());
                                lag += e.getValue() - (c == null ? 0 : c.offset());
                            }
                        }
                        assertTrue(lag <= 0, "lag " + lag);
                    }
                });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
