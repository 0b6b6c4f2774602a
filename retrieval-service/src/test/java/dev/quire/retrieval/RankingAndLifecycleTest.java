package dev.quire.retrieval;

import static dev.quire.retrieval.Events.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.contracts.api.SearchRequest;
import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.contracts.events.DocumentDeleted;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import dev.quire.retrieval.search.QueryEmbedder;
import dev.quire.retrieval.search.SearchService;
import dev.quire.retrieval.store.DensePlan;
import dev.quire.retrieval.store.SearchStore;
import dev.quire.retrieval.store.Vectors;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** BM25, filters, deletion, per-tenant HNSW and the evaluation API, over the real broker and database. */
@QuarkusTest
class RankingAndLifecycleTest {
    private static final List<String> MODES = List.of("vector", "keyword", "hybrid");

    @Inject
    QueryEmbedder embedder;

    @Inject
    DensePlan plan;

    @Inject
    SearchService search;

    @Inject
    Db db;

    @Inject
    SearchStore store;

    private final UUID tenant = UUID.randomUUID();

    private DocumentChunked doc(UUID kb, UUID doc, String filename, List<String> tags, String... texts) {
        var chunks = new ArrayList<ChunkPayload>();
        for (int i = 0; i < texts.length; i++) {
            chunks.add(new ChunkPayload(doc + "-1-" + i, i, texts[i], embedder.embed(texts[i]), null, null, 20));
        }
        return Events.wholeDocument(tenant, kb, doc, 1, filename, chunks, "english", tags);
    }

    private void index(DocumentChunked e) throws Exception {
        Events.publish(e);
    }

    /** Indexes a new document of the tenant; its id. */
    private UUID indexNew(UUID kb, String filename, List<String> tags, String... texts) throws Exception {
        UUID id = UUID.randomUUID();
        index(doc(kb, id, filename, tags, texts));
        return id;
    }

    private io.restassured.response.ValidatableResponse search(Map<String, Object> body) {
        return Search.ok(Tokens.of(tenant, "member"), body);
    }

    private void awaitSearchable(String word) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> search(Map.of("query", word, "mode", "keyword"))
                .body("results.size()", greaterThan(0)));
    }

    @Test
    void bm25StemsAndPrefersTheRarerTerm() throws Exception {
        UUID kb = UUID.randomUUID();
        indexNew(kb, "common.txt", List.of(), "The committee met. The committee voted. The committee left.");
        UUID rare = indexNew(kb, "rare.txt", List.of(), "The committee discussed glaciers melting in Patagonia.");
        for (int i = 0; i < 4; i++) {
            indexNew(kb, "filler" + i + ".txt", List.of(), "A committee report number " + i);
        }
        awaitSearchable("Patagonia");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> search(
                        Map.of("query", "committee", "mode", "keyword", "knowledgeBaseIds", List.of(kb), "topK", 10))
                .body("results.size()", equalTo(6)));
        // "glacier" (stemmed from "glaciers") is rare, "committee" everywhere: the rare match must win
        search(Map.of("query", "committee glacier", "mode", "keyword", "knowledgeBaseIds", List.of(kb)))
                .body("results[0].documentId", equalTo(rare.toString()))
                .body("results[0].score", greaterThan(0f));
        search(Map.of("query", "melted glacier", "mode", "keyword", "knowledgeBaseIds", List.of(kb)))
                .body("results[0].documentId", equalTo(rare.toString()));
    }

    @Test
    void prunedBm25KeepsTheRareMatchAndExactScoresAndDocumentFrequenciesFollowDeletes() throws Exception {
        UUID kb = UUID.randomUUID();
        String[] texts = new String[40];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "Quarterly revenue report " + i + (i % 3 == 0 ? " revenue revenue" : "");
        }
        UUID many = indexNew(kb, "many.txt", List.of(), texts);
        UUID rare = indexNew(kb, "rare.txt", List.of(), "Quarterly revenue fell after the hailstorm.");
        awaitSearchable("hailstorm");
        var filter = new SearchStore.Filter(tenant, List.of(kb), null, null);
        // five postings per term and ten rescored: "revenue" is read only in part, "hailstorm" in full
        var pruned = store.bm25(filter, "revenue hailstorm", new SearchStore.Bm25(0.9, 0.4, 5, 10), 5);
        var full = store.bm25(filter, "revenue hailstorm", new SearchStore.Bm25(0.9, 0.4, 100_000, 100_000), 5);
        assertEquals(rare, pruned.get(0).documentId());
        assertEquals(full.get(0).chunkId(), pruned.get(0).chunkId());
        var exact = new java.util.HashMap<String, Double>();
        store.bm25(filter, "revenue hailstorm", new SearchStore.Bm25(0.9, 0.4, 100_000, 100_000), 100)
                .forEach(h -> exact.put(h.chunkId(), h.score()));
        pruned.forEach(h -> assertEquals(exact.get(h.chunkId()), h.score(), 1e-9, "rescored exactly"));
        assertEquals(41, documentFrequency(kb, "revenu"));
        send(
                TestKafka.topic("document.deleted"),
                tenant + ":" + many,
                new DocumentDeleted(UUID.randomUUID(), tenant, Instant.now(), many, kb, 1));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(1, documentFrequency(kb, "revenu")));
    }

    private long documentFrequency(UUID kb, String lexeme) {
        return Sql.longValue(
                db,
                tenant,
                "select coalesce(sum(df), 0) from term_df where knowledge_base_id = ? and lexeme = ?",
                kb,
                lexeme);
    }

    @Test
    void filtersNarrowByKnowledgeBaseDocumentAndTag() throws Exception {
        UUID kb1 = UUID.randomUUID();
        UUID kb2 = UUID.randomUUID();
        String w = "saffron" + UUID.randomUUID().toString().substring(0, 5);
        indexNew(kb1, "a.txt", List.of("hr"), "The " + w + " budget for the HR team.");
        UUID d2 = indexNew(kb1, "b.txt", List.of("finance"), "The " + w + " budget for the finance team.");
        UUID d3 = indexNew(kb2, "c.txt", List.of("hr"), "The " + w + " budget for the legal team.");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> search(Map.of("query", w, "mode", "keyword"))
                .body("results.size()", equalTo(3)));
        for (String mode : MODES) {
            search(Map.of("query", w + " budget", "mode", mode, "knowledgeBaseIds", List.of(kb2)))
                    .body("results.documentId", everyItem(equalTo(d3.toString())))
                    .body("results.size()", greaterThan(0));
            search(Map.of("query", w + " budget", "mode", mode, "documentIds", List.of(d2)))
                    .body("results.documentId", everyItem(equalTo(d2.toString())))
                    .body("results.size()", greaterThan(0));
            search(Map.of("query", w + " budget", "mode", mode, "tags", List.of("hr")))
                    .body("results.documentId", not(hasItem(d2.toString())))
                    .body("results.size()", equalTo(2));
        }
    }

    @Test
    void deletingADocumentRemovesItFromEveryModeForGood() throws Exception {
        UUID kb = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        String w = "tamarind" + UUID.randomUUID().toString().substring(0, 5);
        var event = doc(kb, d, "gone.txt", List.of(), "The " + w + " contract expires in May.");
        index(event);
        awaitSearchable(w);
        send(
                TestKafka.topic("document.deleted"),
                tenant + ":" + d,
                new DocumentDeleted(UUID.randomUUID(), tenant, Instant.now(), d, kb, 1));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String mode : MODES) {
                search(Map.of("query", "The " + w + " contract expires", "mode", mode))
                        .body("results.documentId", not(hasItem(d.toString())));
            }
        });
        // a late copy of the same version must not bring the text back
        index(event);
        Thread.sleep(3000);
        search(Map.of("query", w, "mode", "keyword")).body("results.size()", equalTo(0));
    }

    @Test
    void largeTenantGetsItsOwnHnswAndKeepsExactResults() throws Exception {
        UUID kb = UUID.randomUUID();
        String[] texts = new String[60];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "Report " + i + " about " + (i % 2 == 0 ? "solar panels on roofs" : "wind farms at sea")
                    + " in region " + (i % 7);
        }
        indexNew(kb, "big.txt", List.of(), texts);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> search(Map.of("query", "Report", "mode", "keyword"))
                .body("results.size()", greaterThan(0)));
        float[] q = embedder.embed("offshore wind energy");
        List<String> exact = exactTop(q, 10);
        assertFalse(plan.hasOwnIndex(tenant));
        plan.buildMissingIndexes();
        assertTrue(plan.hasOwnIndex(tenant), "a tenant over the threshold has its own HNSW");
        var req = new SearchRequest("offshore wind energy", null, null, null, 10, "vector", null, null);
        var ann = search.retrieve(tenant, req, "vector", 10, search.defaults()).stream()
                .map(h -> h.chunkId())
                .toList();
        long overlap = ann.stream().filter(exact::contains).count();
        assertTrue(overlap >= 9, "recall@10 against exact: " + overlap + "/10");
    }

    @Test
    void evaluationReportsEachModeAndIsListedForItsTenantOnly() throws Exception {
        UUID kb = UUID.randomUUID();
        indexNew(kb, "doc-1.txt", List.of(), "Vitamin D deficiency is linked to bone loss.");
        indexNew(kb, "doc-2.txt", List.of(), "Aspirin lowers the risk of heart attacks.");
        indexNew(kb, "doc-3.txt", List.of(), "Coffee consumption and sleep quality in adults.");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> search(
                        Map.of("query", "aspirin vitamin coffee", "mode", "keyword", "knowledgeBaseIds", List.of(kb)))
                .body("results.size()", equalTo(3)));
        var body = Map.of(
                "name",
                "smoke",
                "k",
                10,
                "queries",
                List.of(
                        Map.of("id", "q1", "text", "Does aspirin protect the heart?"),
                        Map.of("id", "q2", "text", "vitamin D and bones"),
                        Map.of("id", "q3", "text", "a query without judgements")),
                "qrels",
                Map.of("q1", Map.of("doc-2", 1), "q2", Map.of("doc-1", 1)),
                "items",
                List.of(Map.of("question", "coffee and sleep", "expectedDocumentIds", List.of("doc-3.txt"))));
        evaluate(Tokens.of(tenant, "admin"), kb, body)
                .statusCode(201)
                .body("queries", equalTo(3))
                .body("results.keyword.ndcgAt10", equalTo(1.0f))
                .body("results.keyword.mrrAt10", equalTo(1.0f))
                .body("results.vector.recallAtK", equalTo(1.0f))
                .body("results.hybrid.queries", equalTo(3));
        // a mode named again gives one result (it is also run once, which only time would show); more than 10 entries
        // are refused
        var repeated = new java.util.HashMap<String, Object>(body);
        repeated.put("modes", java.util.Collections.nCopies(10, "keyword"));
        evaluate(Tokens.of(tenant, "admin"), kb, repeated)
                .statusCode(201)
                .body("results.keySet()", org.hamcrest.Matchers.contains("keyword"))
                .body("results.keyword.ndcgAt10", equalTo(1.0f));
        repeated.put("modes", java.util.Collections.nCopies(11, "keyword"));
        evaluate(Tokens.of(tenant, "admin"), kb, repeated).statusCode(400).body("code", equalTo("validation_failed"));
        // a query without an id cannot be judged: 400 naming it, never a 500
        for (String queries : List.of("[{\"id\":null,\"text\":\"aspirin\"}]", "[{\"text\":\"aspirin\"}]")) {
            evaluate(Tokens.of(tenant, "admin"), kb, "{\"queries\":" + queries + "}")
                    .statusCode(400)
                    .body("code", equalTo("validation_failed"))
                    .body("detail", org.hamcrest.Matchers.containsString("queries[0].id"));
        }
        evaluations(Tokens.of(tenant, "viewer"), kb).statusCode(200).body("items[0].name", equalTo("smoke"));
        evaluate(Tokens.of(UUID.randomUUID(), "owner"), kb, body)
                .statusCode(404)
                .body("code", equalTo("not_found"));
        evaluations(Tokens.of(UUID.randomUUID(), "owner"), kb).statusCode(404).body("code", equalTo("not_found"));
    }

    private static io.restassured.response.ValidatableResponse evaluate(String token, UUID kb, Object body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/knowledge-bases/" + kb + "/evaluations")
                .then();
    }

    /** {@code GET} of the knowledge base's evaluations as the token's caller. */
    private static io.restassured.response.ValidatableResponse evaluations(String token, UUID kb) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/knowledge-bases/" + kb + "/evaluations")
                .then();
    }

    private List<String> exactTop(float[] q, int k) {
        return db.inTenant(tenant, c -> {
            try (var ps = c.prepareStatement("select id from (select id, embedding <=> ?::vector d from chunks"
                    + " where tenant_id = ? and live offset 0) s order by d limit ?")) {
                ps.setString(1, Vectors.literal(q));
                ps.setObject(2, tenant);
                ps.setInt(3, k);
                var out = new ArrayList<String>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                assertEquals(k, out.size());
                return out;
            }
        });
    }
}
