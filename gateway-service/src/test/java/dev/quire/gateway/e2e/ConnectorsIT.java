package dev.quire.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.platform.testing.S3Proxy;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Connectors end to end through the gateway against the running stack and a real S3 API server (s3proxy, with an
 * access key made for this run): deleted objects leave search, a connector-service killed mid-run resumes from its
 * checkpoint without losing or doubling a document, and the secret key appears in no answer, log line or Kafka
 * record. The secrets test runs last so that its search covers the other tests' runs too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectorsIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ACCESS_KEY = "e2e-" + RUN;
    /** The credential every search looks for: made for this run, so no other file or record holds it by chance. */
    private static final String SECRET = "s3cret-" + UUID.randomUUID() + "-" + RUN;

    private static Map<String, String> settingsBefore;
    private static TopicScan kafka;
    private static S3Proxy s3proxy;
    private static S3Client s3;
    private static ConnectorApi api;

    @BeforeAll
    static void setUp() throws Exception {
        Platform.useGateway();
        settingsBefore = ConnectorApi.useTestSettings();
        kafka = TopicScan.mark();
        s3proxy = S3Proxy.start(ACCESS_KEY, SECRET);
        s3 = ConnectorApi.s3(s3proxy.endpoint(), ACCESS_KEY, SECRET);
        // enterprise: the crash test's 150 documents and the others' fit its quotas with room to spare
        api = new ConnectorApi(Platform.tenant(Platform.adminToken(), "Connectors " + RUN, "enterprise")
                .ownerToken());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
        ConnectorApi.restore(settingsBefore);
    }

    @Test
    @Order(1)
    void deletedObjectsAreGoneFromSearchAndAChangedOneIsFoundByItsNewTextOnly() {
        int n = 12;
        String bucket = "gone-" + RUN;
        List<String> words = bucketOfNotes(bucket, n);
        String kb = api.knowledgeBase("Gone " + RUN);
        String connector = api.s3("Gone " + RUN, kb, s3proxy.endpoint(), bucket, ACCESS_KEY, SECRET);

        var first = api.ended(connector, api.sync(connector), Duration.ofMinutes(3));
        assertEquals("SUCCEEDED", first.get("status"), first.toString());
        assertEquals(n, ConnectorApi.count(first, "added"), first.toString());
        api.awaitIndexed(kb, n, Duration.ofMinutes(5));
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertEquals(List.of(), missing(kb, words), "words not found"));

        // two objects deleted, one changed
        s3.deleteObject(b -> b.bucket(bucket).key(key(0)));
        s3.deleteObject(b -> b.bucket(bucket).key(key(1)));
        String changedWord = word();
        put(bucket, key(2), note(2, changedWord));

        var second = api.ended(connector, api.sync(connector), Duration.ofMinutes(3));
        assertEquals("SUCCEEDED", second.get("status"), second.toString());
        assertEquals(
                Map.of("seen", n - 2, "added", 0, "updated", 1, "deleted", 2, "failed", 0),
                ConnectorApi.counts(second));

        List<String> kept = new ArrayList<>(words.subList(3, n));
        kept.add(changedWord);
        List<String> gone = List.of(words.get(0), words.get(1), words.get(2));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    // positive control in the same round: the same search finds every word still in the bucket
                    assertEquals(List.of(), missing(kb, kept), "words of objects still in the bucket");
                    assertEquals(
                            List.of(),
                            gone.stream().filter(w -> api.found(kb, w)).toList(),
                            "words of deleted objects and the changed object's old text");
                });
        var docs = api.awaitIndexed(kb, n - 2, Duration.ofMinutes(3));
        Set<String> expected = IntStream.range(2, n)
                .mapToObj(i -> "note-" + i + ".txt")
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> actual =
                docs.stream().map(d -> (String) d.get("filename")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, actual, "one document per object left in the bucket");
        var changed = docs.stream()
                .filter(d -> "note-2.txt".equals(d.get("filename")))
                .findFirst()
                .orElseThrow();
        assertEquals(Integer.valueOf(2), changed.get("version"), "the changed object is a new version of its document");
    }

    @Test
    @Order(2)
    void aConnectorServiceKilledMidRunIsInterruptedAndTheNextRunResumesWithNoDocumentLostOrDoubled() throws Exception {
        int n = 150;
        String bucket = "crash-" + RUN;
        List<String> words = bucketOfNotes(bucket, n);
        String kb = api.knowledgeBase("Crash " + RUN);
        // the same S3 server behind a relay that holds each request 80 ms: the run takes ~12 s, so it is mid-way
        try (var slow = SlowRelay.start(s3proxy.endpoint(), 80)) {
            String connector = api.s3("Crash " + RUN, kb, slow.endpoint(), bucket, ACCESS_KEY, SECRET);
            String killed = api.sync(connector);
            // a page of 20 keys is checkpointed with its counts: 40 seen = two pages saved, more than 100 still to go
            var seen = new int[1];
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        var r = api.run(connector, killed);
                        if (r.isEmpty() || r.get("counts") == null) {
                            return false;
                        }
                        assertTrue(
                                Set.of("QUEUED", "RUNNING").contains(r.get("status")), "ended before the kill: " + r);
                        seen[0] = ConnectorApi.count(r, "seen");
                        return seen[0] >= 40;
                    });
            ConnectorApi.killAndRestart();
            slow.delay(0);

            // the lease's heartbeat stopped with the process: the restarted service reaps it
            var interrupted = api.ended(connector, killed, Duration.ofMinutes(3));
            assertEquals("INTERRUPTED", interrupted.get("status"), interrupted.toString());
            int checkpointed = ConnectorApi.count(interrupted, "seen");
            assertTrue(checkpointed >= 40 && checkpointed < n, interrupted.toString());

            double fetchesBefore = ConnectorApi.s3Fetches();
            String resumed = api.sync(connector);
            assertNotEquals(killed, resumed);
            var next = api.ended(connector, resumed, Duration.ofMinutes(3));
            double fetched = ConnectorApi.s3Fetches() - fetchesBefore;
            assertEquals("SUCCEEDED", next.get("status"), next.toString());
            assertEquals(
                    n,
                    checkpointed + ConnectorApi.count(next, "seen"),
                    "the next run lists after the checkpoint: " + next);
            assertEquals(0, ConnectorApi.count(next, "deleted"), next.toString());
            assertEquals(0, ConnectorApi.count(next, "updated"), next.toString());
            assertEquals(ConnectorApi.count(next, "added"), (int) fetched, "fetches of the next run: " + next);
            assertTrue(
                    fetched <= n - checkpointed,
                    "fetched " + fetched + " of " + n + ", " + checkpointed + " checkpointed");
        }

        var docs = api.awaitIndexed(kb, n, Duration.ofMinutes(8));
        Set<String> names = docs.stream().map(d -> (String) d.get("filename")).collect(Collectors.toSet());
        Set<String> all =
                IntStream.range(0, n).mapToObj(i -> "note-" + i + ".txt").collect(Collectors.toSet());
        assertEquals(all, names, "every object is one document: none lost");
        assertEquals(n, docs.size(), "and none twice");
        assertTrue(
                docs.stream().allMatch(d -> Integer.valueOf(1).equals(d.get("version"))),
                "no object was sent twice (each document has one version)");
        // a sample of the text is searchable: the first object, some around the kill, the last
        for (int i : new int[] {0, 39, 40, 41, 60, 100, n - 1}) {
            int at = i;
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> api.found(kb, words.get(at)));
        }
    }

    @Test
    @Order(3)
    void theSecretKeyIsInNoAnswerLogLineOrKafkaRecord() throws Exception {
        String bucket = "secret-" + RUN;
        s3.createBucket(b -> b.bucket(bucket));
        String marker = word();
        put(bucket, key(0), note(0, marker));
        put(bucket, key(1), note(1, word()));
        String kb = api.knowledgeBase("Secret " + RUN);
        String connector = api.s3("Secret " + RUN, kb, s3proxy.endpoint(), bucket, ACCESS_KEY, SECRET);
        // the API's other ways to send or show a credential: a refused body that holds it, new credentials,
        // the connector read back and listed, the types' schemas, the runs and their errors
        api.api()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "type",
                        "s3",
                        "name",
                        "Refused " + RUN,
                        "knowledgeBaseId",
                        kb,
                        "config",
                        Map.of("endpoint", s3proxy.endpoint().toString(), "region", "us-east-1", "bucket", bucket),
                        "credentials",
                        Map.of("accessKeyId", ACCESS_KEY, "secretAccessKey", SECRET, "sessionToken", SECRET)))
                .post("/api/v1/connectors")
                .then()
                .statusCode(400);
        api.api()
                .contentType(ContentType.JSON)
                .body(Map.of("credentials", Map.of("accessKeyId", ACCESS_KEY, "secretAccessKey", SECRET)))
                .patch("/api/v1/connectors/" + connector)
                .then()
                .statusCode(200);
        String run = api.sync(connector);
        var ended = api.ended(connector, run, Duration.ofMinutes(3));
        assertEquals("SUCCEEDED", ended.get("status"), ended.toString());
        api.api().get("/api/v1/connectors/" + connector).then().statusCode(200);
        api.api().get("/api/v1/connectors").then().statusCode(200);
        api.api().get("/api/v1/connector-types").then().statusCode(200);
        api.api()
                .get("/api/v1/connectors/" + connector + "/runs/" + run + "/errors")
                .then()
                .statusCode(200);
        var docs = api.awaitIndexed(kb, 2, Duration.ofMinutes(3));
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> api.found(kb, marker));
        String documentId = (String) docs.get(0).get("id");

        // the API's answers: the marker's search result is among them
        List<String> answers = api.answers();
        assertTrue(answers.stream().anyMatch(a -> holds(a, marker)), "positive control: the marker in an answer");
        assertEquals(List.of(), answers.stream().filter(a -> holds(a, SECRET)).toList(), "answers with the secret");

        // the services' logs: ingestion logs each document it chunked
        List<String> logs = new ArrayList<>();
        try (var files = Files.list(Stack.HOME.resolve("logs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                logs.add(f.getFileName() + "\n" + Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(logs.size() >= 6, "the six services' logs: " + logs.size());
        assertTrue(logs.stream().anyMatch(l -> holds(l, documentId)), "positive control: the document's id in a log");
        assertEquals(
                List.of(),
                logs.stream()
                        .filter(l -> holds(l, SECRET))
                        .map(l -> l.lines().findFirst().orElse(""))
                        .toList(),
                "logs with the secret");

        // Kafka: every record the stack wrote since this class began, its items' content (base64 in JSON) included
        var records = kafka.since();
        assertTrue(
                records.stream().anyMatch(r -> r.topic().equals("connector.item") && holds(r.text(), marker)),
                "positive control: the marker in a connector.item record (its content, base64)");
        assertTrue(
                records.stream().anyMatch(r -> r.topic().equals("document.chunked") && holds(r.text(), marker)),
                "positive control: the marker in a document.chunked record (plain text)");
        assertEquals(
                List.of(),
                records.stream()
                        .filter(r -> holds(r.text(), SECRET))
                        .map(TopicScan.Record::topic)
                        .toList(),
                "topics of records with the secret");
    }

    /** Whether {@code text} holds {@code needle} as it is or base64-encoded (at any of the three alignments). */
    static boolean holds(String text, String needle) {
        if (text.contains(needle)) {
            return true;
        }
        for (String form : base64Forms(needle)) {
            if (text.contains(form)) {
                return true;
            }
        }
        return false;
    }

    /** The base64 characters that only {@code needle}'s bytes decide, for each alignment in a longer encoding. */
    static List<String> base64Forms(String needle) {
        byte[] b = needle.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int pad = 0; pad < 3; pad++) {
            byte[] padded = new byte[pad + b.length];
            System.arraycopy(b, 0, padded, pad, b.length);
            String enc = Base64.getEncoder().withoutPadding().encodeToString(padded);
            int from = pad == 0 ? 0 : 4; // the first group mixes in the bytes before
            int whole = (padded.length / 3) * 4; // a last partial group mixes in the bytes after
            out.add(enc.substring(from, whole));
        }
        return out;
    }

    /** Words from the keyword index's point of view: one token each, unique to this run. */
    private static String word() {
        var sb = new StringBuilder("zq");
        for (char c :
                UUID.randomUUID().toString().replace("-", "").substring(0, 14).toCharArray()) {
            sb.append((char) ('a' + Character.digit(c, 16)));
        }
        return sb.toString();
    }

    private static String key(int i) {
        return "notes/note-" + i + ".txt";
    }

    private static String note(int i, String word) {
        return "Field note " + i + " of run " + RUN + ". The surveyor wrote down the codeword " + word
                + " before leaving the ridge.\n";
    }

    /** A new bucket holding notes 0 to n - 1, each with a fresh word; answers the words in order. */
    private List<String> bucketOfNotes(String bucket, int n) {
        s3.createBucket(b -> b.bucket(bucket));
        List<String> words = IntStream.range(0, n).mapToObj(i -> word()).collect(Collectors.toList());
        for (int i = 0; i < n; i++) {
            put(bucket, key(i), note(i, words.get(i)));
        }
        return words;
    }

    private void put(String bucket, String key, String text) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/plain"), RequestBody.fromString(text));
    }

    private List<String> missing(String kb, List<String> words) {
        return words.stream().filter(w -> !api.found(kb, w)).toList();
    }
}
