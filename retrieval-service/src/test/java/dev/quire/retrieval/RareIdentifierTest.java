package dev.quire.retrieval;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.contracts.api.SearchHit;
import dev.quire.contracts.api.SearchRequest;
import dev.quire.contracts.events.ChunkPayload;
import dev.quire.platform.testing.Tokens;
import dev.quire.retrieval.search.QueryEmbedder;
import dev.quire.retrieval.search.SearchService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A chunk holding a rare identifier of the question stays in the hybrid top five, over the real broker and
 * database: a corpus of zlib-like return-code passages where the old fusion ranks it below vaguely similar ones.
 */
@QuarkusTest
class RareIdentifierTest {
    private static final String TARGET = "Z_BUF_ERROR is not fatal: it only means no progress was possible,"
            + " so call it again once more room is available.";

    /** Passages that share the question's words (inflate, returns, error, mean, buf, Z) but not its identifier. */
    private static final List<String> SIMILAR = List.of(
            "What does it mean when inflate() returns Z_DATA_ERROR? The inflate error means the buf input is corrupt.",
            "inflate() returns Z_STREAM_ERROR when the stream state is inconsistent; this error means a buf bug.",
            "What does inflate() returning Z_MEM_ERROR mean? The error means inflate ran out of memory for buf.",
            "When inflate() returns Z_NEED_DICT the error means a preset dictionary is needed before the buf.",
            "Every inflate() error return means something: Z_DATA_ERROR, Z_STREAM_ERROR, Z_MEM_ERROR and buf.",
            "What does an inflate error mean? inflate() returns Z_VERSION_ERROR when the buf library mismatches.",
            "inflate() returns an error code; what each error means is listed for Z_ERRNO and the buf pointer.",
            "The meaning of the inflate() return value: Z_OK, Z_STREAM_END, or an error such as Z_DATA_ERROR in buf.");

    private static final String QUESTION = "What does it mean when inflate returns Z_BUF_ERROR?";

    @Inject
    QueryEmbedder embedder;

    @Inject
    SearchService search;

    private final UUID tenant = UUID.randomUUID();
    private final UUID kb = UUID.randomUUID();

    private void index(UUID tenantId, UUID kbId, UUID doc, String filename, String text) throws Exception {
        var chunk = new ChunkPayload(doc + "-1-0", 0, text, embedder.embed(text), null, null, 20);
        Events.publish(Events.wholeDocument(tenantId, kbId, doc, 1, filename, List.of(chunk), "english", List.of()));
    }

    private List<String> hybrid(String query, int identifierMaxChunks) {
        return hybrid(query, identifierMaxChunks, search.defaults().identifierRank());
    }

    private List<String> hybrid(String query, int identifierMaxChunks, int identifierRank) {
        var d = search.defaults();
        var tuning = new SearchService.Tuning(
                d.fusion(),
                d.denseWeight(),
                d.rrfK(),
                d.candidateFactor(),
                d.k1(),
                d.b(),
                identifierMaxChunks,
                identifierRank);
        var req = new SearchRequest(query, List.of(kb), null, null, 5, "hybrid", null, null);
        return search.retrieve(tenant, req, "hybrid", 5, tuning).stream()
                .map(SearchHit::text)
                .toList();
    }

    private void awaitIndexed() {
        var all = new SearchRequest("inflate buf", List.of(kb), null, null, 20, "keyword", null, null);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertEquals(
                        SIMILAR.size() + 1,
                        search.retrieve(tenant, all, "keyword", 20, search.defaults())
                                .size()));
    }

    @Test
    void aChunkWithTheQuestionsRareIdentifierStaysInTheTopFive() throws Exception {
        UUID target = UUID.randomUUID();
        index(tenant, kb, target, "zlib-faq.txt", TARGET);
        var similar = new ArrayList<UUID>();
        for (int i = 0; i < SIMILAR.size(); i++) {
            similar.add(UUID.randomUUID());
            index(tenant, kb, similar.get(i), "zlib-manual-" + i + ".txt", SIMILAR.get(i));
        }
        // another tenant's chunk with the same identifier: neither counted nor returned
        UUID foreignKb = UUID.randomUUID();
        index(UUID.randomUUID(), foreignKb, UUID.randomUUID(), "foreign.txt", "Z_BUF_ERROR in a foreign tenant.");
        awaitIndexed();

        // positive control: without the guarantee, plain fusion ranks the identifier's chunk below five others
        assertFalse(hybrid(QUESTION, 0).contains(TARGET), "the corpus no longer pushes the chunk out");
        // with it (the configured default), the chunk is kept, at the configured rank
        var kept = hybrid(QUESTION, search.defaults().identifierMaxChunks());
        assertTrue(kept.contains(TARGET), () -> "not in the top five: " + kept);
        assertEquals(TARGET, kept.get(search.defaults().identifierRank() - 1));

        // the public search (default settings) gives the same, and never the other tenant's chunk
        Search.ok(Tokens.of(tenant, "member"), Map.of("query", QUESTION, "topK", 5, "knowledgeBaseIds", List.of(kb)))
                .body("results.text", hasItem(TARGET))
                .body("results.size()", equalTo(5))
                .body("results.text", not(hasItem("Z_BUF_ERROR in a foreign tenant.")));

        // the evaluation API's overrides are bounded (each rare chunk is read with its text; a negative k1 or a zero
        // candidate factor would fail the search itself)
        for (Map<String, Object> tuning : List.<Map<String, Object>>of(
                Map.of("identifierMaxChunks", 100000),
                Map.of("k1", -1),
                Map.of("candidateFactor", 0),
                Map.of("b", 2),
                Map.of("fusion", "nope"))) {
            io.restassured.RestAssured.given()
                    .auth()
                    .oauth2(Tokens.of(tenant, "admin"))
                    .contentType(io.restassured.http.ContentType.JSON)
                    .body(Map.of(
                            "items",
                            List.of(Map.of("question", QUESTION, "expectedDocumentIds", List.of("zlib-faq.txt"))),
                            "tuning",
                            tuning))
                    .post("/api/v1/knowledge-bases/" + kb + "/evaluations")
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("validation_failed"))
                    .body("detail", org.hamcrest.Matchers.startsWith("tuning."));
        }
    }

    @Test
    void anIdentifierFoundInManyChunksLeavesTheFusionAsItWas() throws Exception {
        index(tenant, kb, UUID.randomUUID(), "zlib-faq.txt", TARGET);
        for (int i = 0; i < SIMILAR.size(); i++) {
            index(tenant, kb, UUID.randomUUID(), "zlib-manual-" + i + ".txt", SIMILAR.get(i));
        }
        awaitIndexed();
        // Z_DATA_ERROR is in three chunks: counted rare up to three, it moves them up (positive control) …
        String question = "What does Z_DATA_ERROR mean for a stream?";
        assertFalse(hybrid(question, 0).equals(hybrid(question, 3)), "the control no longer moves anything");
        // … but at two or fewer it is common, pins nothing, and the ranking is plain fusion's
        assertEquals(hybrid(question, 0), hybrid(question, 2));
    }
}
