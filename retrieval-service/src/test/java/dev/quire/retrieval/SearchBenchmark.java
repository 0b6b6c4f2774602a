package dev.quire.retrieval;

import dev.quire.contracts.api.SearchRequest;
import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.platform.db.Db;
import dev.quire.retrieval.search.SearchService;
import dev.quire.retrieval.store.ChunkStore;
import dev.quire.retrieval.store.DensePlan;
import dev.quire.retrieval.store.SearchStore;
import dev.quire.retrieval.store.Vectors;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench}: hybrid search latency and dense recall against exact search at 100k chunks, once in one
 * tenant (which gets its own HNSW) and once spread over 100 tenants of 1,000 chunks (exact scans). Chunks go in
 * through the real {@link ChunkStore} (upsert, postings, statistics); vectors are clustered synthetic unit vectors
 * (500 centroids plus noise) and texts draw Zipf-distributed words, so the numbers measure the engine, not a
 * corpus. It prints its figures; it asserts nothing about speed.
 */
@QuarkusTest
@Tag("bench")
class SearchBenchmark {
    private static final int DIM = 384;
    private static final int TOTAL = Integer.getInteger("bench.chunks", 100_000);
    private static final int QUERIES = Integer.getInteger("bench.queries", 200);
    private static final int RECALL_QUERIES = Math.min(QUERIES, 100);
    private static final String[] WORDS = words();

    @Inject
    ChunkStore chunks;

    @Inject
    SearchStore store;

    @Inject
    SearchService search;

    @Inject
    DensePlan plan;

    @Inject
    Db db;

    private final Random random = new Random(42);
    private final float[][] centroids = centroids(500);

    @Test
    void oneLargeTenant() throws Exception {
        UUID tenant = UUID.randomUUID();
        List<UUID> kbs = load(List.of(tenant), TOTAL, 10);
        long start = System.currentTimeMillis();
        plan.buildMissingIndexes();
        report("one tenant, " + TOTAL + " chunks: own HNSW built in " + (System.currentTimeMillis() - start) + " ms");
        measure("one tenant (" + TOTAL + " chunks, own HNSW)", List.of(tenant), kbs);
    }

    @Test
    void hundredTenantsSharingTheTable() throws Exception {
        List<UUID> tenants = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tenants.add(UUID.randomUUID());
        }
        List<UUID> kbs = load(tenants, TOTAL / 100, 1);
        measure("100 tenants x " + TOTAL / 100 + " chunks (exact scans)", tenants, kbs);
    }

    private void measure(String label, List<UUID> tenants, List<UUID> kbs) {
        SearchService.Tuning t = search.defaults();
        // warm-up: connection pool, JIT, plan cache
        for (int i = 0; i < 30; i++) {
            hybrid(tenants.get(i % tenants.size()), query(), t);
        }
        long[] cold = new long[QUERIES];
        long[] warm = new long[QUERIES];
        double recallSum = 0;
        double filteredRecallSum = 0;
        for (int i = 0; i < QUERIES; i++) {
            UUID tenant = tenants.get(i % tenants.size());
            String q = query();
            long s = System.nanoTime();
            hybrid(tenant, q, t); // new text: includes embedding the query with MiniLM
            cold[i] = System.nanoTime() - s;
            s = System.nanoTime();
            hybrid(tenant, q, t); // same text: the query embedding comes from the cache
            warm[i] = System.nanoTime() - s;
            if (i < RECALL_QUERIES) {
                // exact search over a large tenant is slow by nature: fewer samples suffice for recall
                float[] v = near(centroids[random.nextInt(centroids.length)], 0.3f);
                recallSum += recall(tenant, null, v);
                filteredRecallSum += recall(tenant, kbs.get(random.nextInt(kbs.size())), v);
            }
        }
        report(String.format(
                Locale.ROOT,
                "%s: hybrid p50=%.1f ms p99=%.1f ms (new query text, MiniLM included);"
                        + " p50=%.1f ms p99=%.1f ms (cached query embedding)",
                label,
                pct(cold, 50),
                pct(cold, 99),
                pct(warm, 50),
                pct(warm, 99)));
        report(String.format(
                Locale.ROOT,
                "%s: dense recall@10 vs exact = %.4f; with a knowledge-base filter = %.4f" + " (%d queries)",
                label,
                recallSum / RECALL_QUERIES,
                filteredRecallSum / RECALL_QUERIES,
                RECALL_QUERIES));
        throughput(label, tenants, t);
    }

    /**
     * Searches per second one retrieval replica sustains: {@code bench.clients} threads, each sending hybrid searches
     * back to back for {@code bench.seconds}, over a fixed set of query texts (their embeddings cached, as repeated and
     * rewritten chat queries are), so the figure is the database and ranking work, not MiniLM.
     */
    private void throughput(String label, List<UUID> tenants, SearchService.Tuning t) {
        int clients = Integer.getInteger("bench.clients", 4);
        long seconds = Long.getLong("bench.seconds", 15);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            texts.add(query());
            hybrid(tenants.get(i % tenants.size()), texts.get(i), t); // embeds and caches it
        }
        var done = new java.util.concurrent.atomic.AtomicLong();
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            var th = new Thread(() -> {
                int i = offset;
                while (System.nanoTime() < end) {
                    hybrid(tenants.get(i % tenants.size()), texts.get(i % texts.size()), t);
                    done.incrementAndGet();
                    i += clients;
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        report(String.format(
                Locale.ROOT,
                "%s: %.1f hybrid searches/s with %d clients for %d s (cached query embeddings)",
                label,
                done.get() / (double) seconds,
                clients,
                seconds));
    }

    private void hybrid(UUID tenant, String q, SearchService.Tuning t) {
        search.retrieve(tenant, new SearchRequest(q, null, null, null, 10, "hybrid", null, null), "hybrid", 10, t);
    }

    private double recall(UUID tenant, UUID kb, float[] v) {
        var filter = new SearchStore.Filter(tenant, kb == null ? null : List.of(kb), null, null);
        var got = store.dense(filter, v, 10).stream().map(h -> h.chunkId()).toList();
        var exact = exact(tenant, kb, v);
        if (exact.isEmpty()) {
            return 1.0;
        }
        return (double) got.stream().filter(exact::contains).count() / exact.size();
    }

    private List<String> exact(UUID tenant, UUID kb, float[] v) {
        return db.inTenant(tenant, c -> {
            try (var ps = c.prepareStatement("select id from (select id, embedding <=> ?::vector d from chunks"
                    + " where tenant_id = ? and live" + (kb == null ? "" : " and knowledge_base_id = ?")
                    + " offset 0) s order by d limit 10")) {
                ps.setString(1, Vectors.literal(v));
                ps.setObject(2, tenant);
                if (kb != null) {
                    ps.setObject(3, kb);
                }
                var out = new ArrayList<String>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    /** Loads {@code perTenant} chunks into each tenant, spread over {@code kbsPerTenant} knowledge bases. */
    private List<UUID> load(List<UUID> tenants, int perTenant, int kbsPerTenant) {
        long start = System.currentTimeMillis();
        List<UUID> kbs = new ArrayList<>();
        for (int i = 0; i < kbsPerTenant; i++) {
            kbs.add(UUID.randomUUID());
        }
        int perDoc = 500;
        for (UUID tenant : tenants) {
            for (int done = 0; done < perTenant; done += perDoc) {
                int n = Math.min(perDoc, perTenant - done);
                UUID doc = UUID.randomUUID();
                var list = new ArrayList<ChunkPayload>(n);
                for (int i = 0; i < n; i++) {
                    list.add(new ChunkPayload(
                            doc + "-" + i,
                            i,
                            text(60),
                            near(centroids[random.nextInt(centroids.length)], 0.3f),
                            null,
                            null,
                            60));
                }
                chunks.storeBatch(new DocumentChunked(
                        UUID.randomUUID(),
                        tenant,
                        Instant.now(),
                        doc,
                        kbs.get((done / perDoc) % kbs.size()),
                        1,
                        0,
                        1,
                        "all-minilm-l6-v2-q",
                        DIM,
                        "bench.txt",
                        list,
                        "english",
                        List.of()));
            }
        }
        report("loaded " + (long) perTenant * tenants.size() + " chunks in "
                + (System.currentTimeMillis() - start) / 1000 + " s");
        // a table filled seconds ago has no planner statistics yet; autovacuum would analyze it minutes later in
        // service, and measuring before that times plans made for empty tables (seconds-long outliers)
        db.tx(c -> {
            try (var st = c.createStatement()) {
                st.execute("analyze chunks");
                st.execute("analyze postings");
                st.execute("analyze term_df");
            }
            return null;
        });
        return kbs;
    }

    private String query() {
        return text(6);
    }

    private String text(int words) {
        var sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            // Zipf-like: low ranks (common words) far more often than high ranks
            int rank = (int) Math.floor(Math.pow(random.nextDouble(), 3) * WORDS.length);
            sb.append(WORDS[rank]).append(' ');
        }
        return sb.toString().strip();
    }

    private float[][] centroids(int n) {
        float[][] c = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] v = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) random.nextGaussian();
            }
            c[i] = normalise(v);
        }
        return c;
    }

    private float[] near(float[] centroid, float noise) {
        float[] v = Arrays.copyOf(centroid, DIM);
        for (int d = 0; d < DIM; d++) {
            v[d] += (float) (random.nextGaussian() * noise / Math.sqrt(DIM)) * 4;
        }
        return normalise(v);
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < v.length; d++) {
            v[d] *= inv;
        }
        return v;
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }

    private static String[] words() {
        String[] syllables = {
            "ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "qua", "zen", "ber", "nol", "fa", "ty", "gro",
            "hu", "wen", "xi", "jo"
        };
        String[] out = new String[5000];
        for (int i = 0; i < out.length; i++) {
            out[i] = syllables[i % 20] + syllables[(i / 20) % 20] + syllables[(i / 400) % 20] + (i / 8000);
        }
        return out;
    }

    private static void report(String line) {
        System.out.println("[bench] " + line);
    }
}
