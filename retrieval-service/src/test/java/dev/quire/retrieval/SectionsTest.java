package dev.quire.retrieval;

import static dev.quire.retrieval.Events.publish;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.quire.contracts.events.ChunkPayload;
import dev.quire.platform.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A knowledge base's headings come from its live chunks' sections, distinct, in reading order, for its tenant only. */
@QuarkusTest
class SectionsTest {
    private final UUID tenant = UUID.randomUUID();
    private final UUID kb = UUID.randomUUID();

    private static List<ChunkPayload> chunks(UUID doc, String... sections) {
        var out = new ArrayList<ChunkPayload>();
        for (int i = 0; i < sections.length; i++) {
            float[] vector = new float[384];
            vector[i % 384] = 1f;
            out.add(new ChunkPayload(doc + "-1-" + i, i, "Text under " + sections[i], vector, 1, sections[i], 5));
        }
        return out;
    }

    private io.restassured.response.ValidatableResponse sections(String token, String query) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/knowledge-bases/" + kb + "/sections" + query)
                .then();
    }

    @Test
    void headingsAreDistinctInReadingOrderAndOnlyForTheirTenant() throws Exception {
        UUID doc = UUID.randomUUID();
        publish(Events.wholeDocument(
                tenant,
                kb,
                doc,
                1,
                "guide.pdf",
                chunks(doc, "Opening hours", "Opening hours", "  ", "Safety", "Tickets"),
                "english",
                List.of()));
        String viewer = Tokens.of(tenant, "viewer");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> sections(viewer, "")
                .statusCode(200)
                .body("items.section", equalTo(List.of("Opening hours", "Safety", "Tickets")))
                .body("items[0].documentId", equalTo(doc.toString()))
                .body("items[0].filename", equalTo("guide.pdf"))
                .body("nextCursor", equalTo(null)));
        sections(viewer, "?limit=2").statusCode(200).body("items.section", equalTo(List.of("Opening hours", "Safety")));
        sections(viewer, "?documentId=" + UUID.randomUUID()).statusCode(200).body("items.size()", equalTo(0));
        sections(viewer, "?limit=0").statusCode(400).body("code", equalTo("validation_failed"));
        // another tenant: not found, never an empty list (ingestion cannot confirm it in this test)
        sections(Tokens.of(UUID.randomUUID(), "owner"), "").statusCode(404).body("code", equalTo("not_found"));
    }
}
