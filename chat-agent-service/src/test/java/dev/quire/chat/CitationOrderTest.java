package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.chat.agent.Citations;
import dev.quire.contracts.api.SearchHit;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An offline answer numbers its citations 1, 2, … in the order it cites them, whatever the search's order. */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
class CitationOrderTest extends MemberChat {

    @Test
    void anAnswerQuotingOnlyTheSecondPassageCitesItAsOne() throws Exception {
        UUID kb = UUID.randomUUID();
        Fixtures.seed(
                retrieval,
                tenant,
                kb,
                "The office opens at eight in the morning.",
                "Hotels are capped at 150 euros per night.");

        var answer = Fixtures.sendMessage(
                        member,
                        Fixtures.conversation(member),
                        Fixtures.JSON.writeValueAsString(Map.of("content", "What is the hotel cap per night?")))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        String content = answer.getString("content");
        assertTrue(content.contains("Hotels are capped at 150 euros per night. [1]"), content);
        assertTrue(!content.contains("[2]"), content);
        assertEquals(1, answer.getList("citations").size(), answer.prettify());
        assertEquals(1, answer.getInt("citations[0].n"));
        assertTrue(answer.getString("citations[0].snippet").startsWith("Hotels are capped"), answer.prettify());
    }

    @Test
    void markersAreRewrittenInFirstCitationOrderAndUnknownOnesLeftForTheCheck() {
        var a = hit("a");
        var b = hit("b");
        var c = hit("c");
        var renumbered =
                Citations.inCitationOrder("Beta [2]. Gamma [3], beta again [2]. Invented [9].", List.of(a, b, c));
        assertEquals("Beta [1]. Gamma [2], beta again [1]. Invented [9].", renumbered.answer());
        assertEquals(List.of(b, c, a), renumbered.sources());
        assertEquals(
                List.of(9),
                Citations.check(renumbered.answer(), renumbered.sources()).unsupported());
    }

    private static SearchHit hit(String chunk) {
        return new SearchHit(chunk, UUID.randomUUID(), UUID.randomUUID(), chunk + ".pdf", chunk, 0.9, 1, null);
    }
}
