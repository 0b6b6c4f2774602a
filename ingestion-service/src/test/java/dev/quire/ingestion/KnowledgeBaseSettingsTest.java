package dev.quire.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ingestion.pipeline.Chunk;
import dev.quire.ingestion.pipeline.Chunker;
import dev.quire.ingestion.pipeline.ParsedDocument;
import dev.quire.ingestion.pipeline.Parser;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Chunking and embedding model per knowledge base: recorded, validated, and refused when this deployment differs. */
@QuarkusTest
class KnowledgeBaseSettingsTest {
    private final UUID tenant = UUID.randomUUID();
    private final String admin = Tokens.of(tenant, "admin");

    @Inject
    Chunker chunker;

    @Inject
    Parser parser;

    private io.restassured.response.ValidatableResponse create(Map<String, Object> body) {
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/knowledge-bases")
                .then();
    }

    private io.restassured.response.ValidatableResponse patch(String kb, Map<String, Object> body) {
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(body)
                .patch("/api/v1/knowledge-bases/" + kb)
                .then();
    }

    @Test
    void chunkingIsRecordedPerKnowledgeBaseAndPatchable() {
        create(Map.of("name", "Default"))
                .statusCode(201)
                .body("chunking.maxTokens", equalTo(120))
                .body("chunking.overlapTokens", equalTo(24));
        String kb = create(Map.of("name", "Small", "chunking", Map.of("maxTokens", 64, "overlapTokens", 8)))
                .statusCode(201)
                .body("chunking.maxTokens", equalTo(64))
                .body("chunking.overlapTokens", equalTo(8))
                .extract()
                .path("id");
        patch(kb, Map.of("name", "Smaller", "chunking", Map.of("maxTokens", 48)))
                .statusCode(200)
                .body("name", equalTo("Smaller"))
                .body("chunking.maxTokens", equalTo(48))
                .body("chunking.overlapTokens", equalTo(8));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/knowledge-bases/" + kb)
                .then()
                .statusCode(200)
                .body("chunking.maxTokens", equalTo(48));
    }

    @Test
    void chunkLargerThanTheModelWindowOrOverlapOverHalfIsInvalid() {
        create(Map.of("name", "Huge", "chunking", Map.of("maxTokens", 512)))
                .statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("detail", containsString("126"));
        create(Map.of("name", "Tiny", "chunking", Map.of("maxTokens", 4))).statusCode(400);
        create(Map.of("name", "Overlap", "chunking", Map.of("maxTokens", 64, "overlapTokens", 40)))
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        String kb = create(Map.of("name", "Ok")).statusCode(201).extract().path("id");
        patch(kb, Map.of("chunking", Map.of("overlapTokens", -1)))
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void knowledgeBaseForAModelThisDeploymentCannotProduceIsRefused() {
        create(Map.of("name", "Large", "embeddingModel", "text-embedding-3-large", "dimension", 3072))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("embedding_model_unsupported"))
                .body("detail", containsString("all-minilm-l6-v2-q"));
        create(Map.of("name", "Wrong size", "dimension", 768))
                .statusCode(400)
                .body("code", equalTo("embedding_model_unsupported"));
        String kb = create(Map.of("name", "Same", "embeddingModel", "all-minilm-l6-v2-q", "dimension", 384))
                .statusCode(201)
                .body("embeddingModel", equalTo("all-minilm-l6-v2-q"))
                .body("dimension", equalTo(384))
                .extract()
                .path("id");
        patch(kb, Map.of("embeddingModel", "text-embedding-3-small"))
                .statusCode(409)
                .body("code", equalTo("embedding_model_immutable"));
    }

    @Test
    void smallerChunkingMakesMoreChunksThatStayWithinTheirSize() throws Exception {
        var text = new StringBuilder("# Policy\n\n");
        for (int i = 0; i < 40; i++) {
            text.append("Rule ")
                    .append(i)
                    .append(" says employees book trains for trips under ")
                    .append(100 + i)
                    .append(" km. ");
        }
        ParsedDocument doc = parser.parse(text.toString().getBytes(StandardCharsets.UTF_8), "text/markdown", "p.md");
        List<Chunk> large = chunker.chunk(doc, 120, 24);
        List<Chunk> small = chunker.chunk(doc, 40, 8);
        assertTrue(small.size() > large.size() * 2, small.size() + " vs " + large.size());
        assertTrue(small.stream().allMatch(c -> c.tokenCount() <= 40), "every chunk within 40 word pieces");
        assertTrue(large.stream().allMatch(c -> c.tokenCount() <= 120), "every chunk within 120 word pieces");
    }
}
