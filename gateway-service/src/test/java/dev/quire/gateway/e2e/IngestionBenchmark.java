package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (run by {@code make bench BENCH=ingestion}): chunks per second end to end through the
 * running stack (upload, Tika, chunking, embedding, indexing) for a fixed generated corpus of Markdown files, from
 * the first document's creation to the last one's indexedAt. Prints "[bench]" lines; docs/BENCHMARKS.md records them.
 */
class IngestionBenchmark {
    private static final int DOCS = 120;
    private static final int PER_REQUEST = 10;
    private static final int WARMUP_DOCS = 60;
    private static final String[] WORDS = ("aurora basin cargo delta engine fabric glacier harbor island jungle kernel"
                    + " lantern meadow nickel orbit pepper quartz river saddle timber umbrella valley walnut yield zenith"
                    + " anchor bridge canyon dune ember forest garnet hollow ivory jasper kettle lagoon marble nectar"
                    + " oasis pebble quiver ridge summit tundra upland vessel willow xenon yonder zephyr policy budget"
                    + " travel expense contract invoice schedule training safety audit review")
            .split(" ");

    /** A fixed document: a heading and paragraphs of seeded sentences, about 600 words. */
    static String document(int i, String run) {
        var rnd = new Random(i);
        var sb = new StringBuilder("# Field report " + i + " (" + run + ")\n\n");
        for (int p = 0; p < 6; p++) {
            sb.append("## Section ").append(p + 1).append("\n\n");
            for (int s = 0; s < 8; s++) {
                int n = 8 + rnd.nextInt(8);
                for (int w = 0; w < n; w++) {
                    String word = WORDS[rnd.nextInt(WORDS.length)];
                    sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                            .append(w == n - 1 ? ". " : " ");
                }
            }
            sb.append("\n\n");
        }
        return sb.toString();
    }

    @Test
    void chunksPerSecondEndToEnd() {
        Platform.useGateway();
        String token =
                Platform.signup("Bench", "bench-" + UUID.randomUUID() + "@example.com", "a long enough password");
        // a first, unmeasured pass warms the services' JIT: a long-running pipeline is what the figure describes
        // (a cold start ran ~25 % slower)
        ingest(token, UUID.randomUUID().toString().substring(0, 8), WARMUP_DOCS);
        String run = UUID.randomUUID().toString().substring(0, 8);
        long bytes = 0;
        for (int i = 0; i < DOCS; i++) {
            bytes += document(i, run).getBytes(StandardCharsets.UTF_8).length;
        }
        List<Map<String, Object>>[] items = new List[] {ingest(token, run, DOCS)};
        assertEquals(DOCS, items[0].size());
        Instant first = items[0].stream()
                .map(d -> Instant.parse((String) d.get("createdAt")))
                .min(Instant::compareTo)
                .orElseThrow();
        Instant last = items[0].stream()
                .map(d -> Instant.parse((String) d.get("indexedAt")))
                .max(Instant::compareTo)
                .orElseThrow();
        int chunks =
                items[0].stream().mapToInt(d -> (Integer) d.get("chunkCount")).sum();
        double seconds = Duration.between(first, last).toMillis() / 1000.0;
        System.out.printf(
                "[bench] ingestion end to end: %d documents (%d KB Markdown), %d chunks in %.1f s = %.1f chunks/s,"
                        + " %.2f documents/s%n",
                DOCS, bytes / 1024, chunks, seconds, chunks / seconds, DOCS / seconds);
    }

    /** Uploads {@code docs} documents of run {@code run} into a new knowledge base and waits until all are INDEXED. */
    private static List<Map<String, Object>> ingest(String token, String run, int docs) {
        String kb = Ingest.knowledgeBase(token, "Bench " + run);
        for (int from = 0; from < docs; from += PER_REQUEST) {
            var request = given().auth().oauth2(token);
            for (int i = from; i < Math.min(docs, from + PER_REQUEST); i++) {
                byte[] doc = document(i, run).getBytes(StandardCharsets.UTF_8);
                request = request.multiPart("file", "report-" + i + ".md", doc, "text/markdown");
            }
            request.post("/api/v1/knowledge-bases/" + kb + "/documents").then().statusCode(202);
        }
        List<Map<String, Object>>[] items = new List[1];
        await().atMost(Duration.ofMinutes(15))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    items[0] = Ingest.documents(token, kb);
                    return items[0].stream()
                                    .filter(d -> "INDEXED".equals(d.get("status")))
                                    .count()
                            == docs;
                });
        return items[0];
    }
}
