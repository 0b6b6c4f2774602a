package dev.quire.retrieval;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.contracts.Headers;
import dev.quire.contracts.api.QueryEmbedding;
import dev.quire.platform.testing.FakeEmbeddings;
import dev.quire.platform.testing.Tokens;
import dev.quire.retrieval.search.QueryEmbedder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * chat-agent sends the question's MiniLM embedding (computed for its answer cache) with a search: it ranks the
 * dense leg of a MiniLM knowledge base instead of retrieval embedding the same text again, but only from chat-agent
 * (internal secret), only when it names MiniLM with MiniLM's size, and never for a knowledge base on another model.
 * The given vector is deliberately that of another text, so which vector ranked shows in the first result.
 */
@QuarkusTest
class GivenQueryEmbeddingTest extends OnFakeEmbeddings {
    private static final String SECRET = "test-internal-secret-never-in-production";
    private static final String WIND = "Offshore wind turbines produce clean power at sea.";
    private static final String PARKING = "Parking permits are issued by the facilities team on Mondays.";
    private static final String QUERY = "who issues parking permits";

    private final UUID kb = UUID.randomUUID();
    private final UUID doc = UUID.randomUUID();

    private void index(String model, int dimension, List<float[]> vectors) throws Exception {
        indexed(document(tenant, kb, doc, model, dimension, vectors, WIND, PARKING));
    }

    private void indexMiniLm() throws Exception {
        index(QueryEmbedder.MODEL, QueryEmbedder.DIMENSION, List.of(miniLm.embed(WIND), miniLm.embed(PARKING)));
    }

    private ValidatableResponse search(String secret, String embedding) {
        return search(QUERY, secret, embedding);
    }

    private ValidatableResponse search(String query, String secret, String embedding) {
        var request = given().auth().oauth2(Tokens.of(tenant, "member")).contentType(ContentType.JSON);
        if (secret != null) {
            request.header(Headers.INTERNAL_SECRET, secret);
        }
        if (embedding != null) {
            request.header(Headers.QUERY_EMBEDDING, embedding);
        }
        return request.body(Map.of("query", query, "mode", "vector", "topK", 2, "knowledgeBaseIds", List.of(kb)))
                .post("/api/v1/search")
                .then()
                .statusCode(200);
    }

    private String windVector(String model) {
        return new QueryEmbedding(model, miniLm.embed(WIND)).header();
    }

    @Test
    void chatAgentsEmbeddingOfTheQuestionRanksAMiniLmKnowledgeBase() throws Exception {
        indexMiniLm();
        search(SECRET, null).body("results[0].text", equalTo(PARKING)); // control: the query embedded here
        search(SECRET, windVector(QueryEmbedder.MODEL)).body("results[0].text", equalTo(WIND));
    }

    @Test
    void anEmbeddingFromAnyoneButChatAgentIsIgnored() throws Exception {
        indexMiniLm();
        search(SECRET, windVector(QueryEmbedder.MODEL)).body("results[0].text", equalTo(WIND)); // control
        search(null, windVector(QueryEmbedder.MODEL)).body("results[0].text", equalTo(PARKING));
        search("not-the-secret", windVector(QueryEmbedder.MODEL)).body("results[0].text", equalTo(PARKING));
    }

    @Test
    void anEmbeddingOfAnotherModelOrSizeOrMalformedIsIgnored() throws Exception {
        indexMiniLm();
        search(SECRET, windVector("text-embedding-3-small")).body("results[0].text", equalTo(PARKING));
        float[] shorter = java.util.Arrays.copyOf(miniLm.embed(WIND), 383);
        search(SECRET, new QueryEmbedding(QueryEmbedder.MODEL, shorter).header())
                .body("results[0].text", equalTo(PARKING));
        search(SECRET, QueryEmbedder.MODEL + ";not base64!").body("results[0].text", equalTo(PARKING));
    }

    @Test
    void aKnowledgeBaseOnAnotherModelStillEmbedsTheQueryWithItsOwn() throws Exception {
        index(
                FakeEmbeddings.MODEL,
                FakeEmbeddings.DIMENSION,
                List.of(FakeEmbeddings.vector(WIND), FakeEmbeddings.vector(PARKING)));
        int before = fake.requests.size();
        String query = QUERY + " " + tenant; // not in retrieval's query cache from another test
        search(query, SECRET, windVector(QueryEmbedder.MODEL));
        assertTrue(
                fake.requests.subList(before, fake.requests.size()).stream()
                        .anyMatch(r -> r.model().equals(FakeEmbeddings.MODEL)
                                && r.input().equals(List.of(query))),
                "the query went to the embedding server with the knowledge base's model");
    }
}
