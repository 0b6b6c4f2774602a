package dev.quire.retrieval;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.contracts.events.DocumentChunked;
import dev.quire.platform.testing.FakeEmbeddings;
import dev.quire.platform.testing.Tokens;
import dev.quire.retrieval.search.QueryEmbedder;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A knowledge base created for an OpenAI-compatible embedding model (the fake server of the test profile's
 * {@code quire.retrieval.embedding.base-url}): its chunks, in that model's space and size, are stored and
 * announced indexed, and its queries are embedded by the same server with the knowledge base's model name, for
 * vector and hybrid search, also next to a MiniLM knowledge base of the same tenant.
 */
@QuarkusTest
class OpenAiEmbeddingKnowledgeBaseTest extends OnFakeEmbeddings {
    /** A document whose chunks are embedded with the fake server's model. */
    private static DocumentChunked onFakeModel(UUID tenant, UUID kb, UUID doc, String... texts) {
        var vectors = Arrays.stream(texts).map(FakeEmbeddings::vector).toList();
        return document(tenant, kb, doc, FakeEmbeddings.MODEL, FakeEmbeddings.DIMENSION, vectors, texts);
    }

    private static io.restassured.response.ValidatableResponse search(
            UUID tenant, List<UUID> kbs, String query, String mode) {
        return Search.ok(
                Tokens.of(tenant, "viewer"), Map.of("query", query, "mode", mode, "topK", 5, "knowledgeBaseIds", kbs));
    }

    @Test
    void knowledgeBaseOnAnOpenAiCompatibleModelIsIndexedAndFoundByVectorAndHybridSearch() throws Exception {
        UUID kb = UUID.randomUUID();
        String wind = "Offshore wind turbines produce clean power at sea.";
        String parking = "Parking permits are issued by the facilities team on Mondays.";
        var document = onFakeModel(tenant, kb, UUID.randomUUID(), wind, parking);
        assertEquals(2, indexed(document), "the batch of 16-dimension vectors was stored and indexed");
        int before = fake.requests.size();
        search(tenant, List.of(kb), "offshore wind turbines", "vector")
                .body("results[0].documentId", equalTo(document.documentId().toString()))
                .body("results[0].text", containsString("wind turbines"))
                .body("results.size()", equalTo(2));
        assertTrue(fake.requests.size() > before, "the query went to the embedding server");
        assertEquals(
                List.of("offshore wind turbines"),
                fake.requests.get(fake.requests.size() - 1).input(),
                "the query itself was embedded");
        assertEquals(
                FakeEmbeddings.MODEL,
                fake.requests.get(fake.requests.size() - 1).model(),
                "with the knowledge base's model name");
        search(tenant, List.of(kb), "who issues parking permits", "hybrid")
                .body("results[0].text", containsString("Parking permits"));
        assertTrue(fake.inputsFor(FakeEmbeddings.MODEL).contains("who issues parking permits"));
    }

    @Test
    void aMiniLmKnowledgeBaseAndAnOpenAiOneAreSearchedTogetherEachWithItsOwnModel() throws Exception {
        UUID remoteKb = UUID.randomUUID();
        UUID localKb = UUID.randomUUID();
        String remoteText = "Glaciers retreat as the climate warms.";
        String localText = "Glaciers in the Alps lose ice every summer.";
        var remote = onFakeModel(tenant, remoteKb, UUID.randomUUID(), remoteText);
        indexed(remote);
        var local = document(
                tenant,
                localKb,
                UUID.randomUUID(),
                QueryEmbedder.MODEL,
                384,
                List.of(miniLm.embed(localText)),
                localText);
        indexed(local);
        search(tenant, List.of(remoteKb, localKb), "glaciers", "vector")
                .body("results.documentId", hasItem(remote.documentId().toString()))
                .body("results.documentId", hasItem(local.documentId().toString()));
        assertTrue(fake.inputsFor(FakeEmbeddings.MODEL).contains("glaciers"));
    }
}
