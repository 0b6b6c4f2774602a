package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A question longer than a search query may be (up to the 32,000 characters a message may have) is still answered,
 * searched with its beginning and its end.
 */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
class LongQuestionTest extends MemberChat {

    @Test
    void aQuestionLongerThanASearchQuerySearchesWithItsBeginningAndItsEndAndIsAnswered() throws Exception {
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), "Hotels are capped at 150 euros.");
        String question = "Here is the whole trip report for context. ".repeat(250)
                + "Given all that, what is the hotel cap for my next trip?";
        assertTrue(question.length() > FakeRetrieval.MAX_QUERY);

        var answer = Fixtures.sendMessage(
                        member,
                        Fixtures.conversation(member),
                        Fixtures.JSON.writeValueAsString(java.util.Map.of("content", question)))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("assistant", answer.getString("role"), answer.prettify());
        assertFalse(answer.getString("content").isBlank(), answer.prettify());

        var searches = Fixtures.searches(retrieval, tenant);
        assertEquals(1, searches.size());
        String query = searches.get(0).get("query").asText();
        assertTrue(query.length() <= 500, "query of " + query.length() + " characters");
        // the question after the pasted report is searched, and so is the report's beginning, both cut at words
        String[] ends = query.split(" … ");
        assertEquals(2, ends.length, query);
        assertTrue(question.startsWith(ends[0]) && question.charAt(ends[0].length()) == ' ', ends[0]);
        assertTrue(
                question.endsWith(ends[1]) && question.charAt(question.length() - ends[1].length() - 1) == ' ',
                ends[1]);
        assertTrue(ends[1].endsWith("Given all that, what is the hotel cap for my next trip?"), query);
    }

    @Test
    void aQuestionOfFiveHundredCharactersIsSearchedWhole() throws Exception {
        Fixtures.seed(retrieval, tenant, UUID.randomUUID(), "Hotels are capped at 150 euros.");
        String question = ("What is the hotel cap? " + "x".repeat(500)).substring(0, 500);

        Fixtures.sendMessage(
                        member,
                        Fixtures.conversation(member),
                        Fixtures.JSON.writeValueAsString(java.util.Map.of("content", question)))
                .then()
                .statusCode(200);

        var searches = Fixtures.searches(retrieval, tenant);
        assertEquals(question, searches.get(searches.size() - 1).get("query").asText());
    }
}
