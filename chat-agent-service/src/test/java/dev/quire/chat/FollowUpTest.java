package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.chat.agent.FollowUp;
import dev.quire.chat.agent.Turn.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowUpTest {
    private static final List<Message> HOTEL = List.of(
            new Message("user", "What is the hotel cap in Paris?"),
            new Message("assistant", "Hotels are capped at 150 euros per night. [1]"));

    @Test
    void aFollowUpTakesTheSubjectOfThePreviousQuestion() {
        assertEquals("And for trains? hotel cap paris", FollowUp.standalone("And for trains?", HOTEL));
        assertEquals(
                "Does it include breakfast? hotel cap paris", FollowUp.standalone("Does it include breakfast?", HOTEL));
    }

    @Test
    void aQuestionThatStandsOnItsOwnIsSearchedAsAsked() {
        assertEquals(
                "Which program rebuilds the shared MIME-info database?",
                FollowUp.standalone("Which program rebuilds the shared MIME-info database?", HOTEL));
        assertEquals("And for trains?", FollowUp.standalone("And for trains?", List.of()), "no earlier question");
        // a long question that happens to contain "it" names its own subject
        String own = "How does update-mime-database decide which glob wins when it finds two patterns?";
        assertEquals(own, FollowUp.standalone(own, HOTEL));
    }

    @Test
    void onlyWordsTheFollowUpLacksAreAdded() {
        String q = FollowUp.standalone("What about the hotel cap in Lyon?", HOTEL);
        assertEquals("What about the hotel cap in Lyon? paris", q);
        assertTrue(q.indexOf("hotel") == q.lastIndexOf("hotel"), q);
    }
}
