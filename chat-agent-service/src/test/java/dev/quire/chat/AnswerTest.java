package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.chat.agent.Citations;
import dev.quire.chat.agent.OfflineAnswerer;
import dev.quire.contracts.api.SearchHit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AnswerTest {
    private static final UUID DOC = UUID.randomUUID();

    private static SearchHit hit(String id, String text, Integer page) {
        return new SearchHit(id, DOC, UUID.randomUUID(), "policy.pdf", text, 0.9, page, null);
    }

    @Test
    void offlineAnswerQuotesTheMatchingSentenceWithItsNumber() {
        var hits = List.of(
                hit("a", "The office opens at eight. Trains must be booked for trips under 500 km.", 2),
                hit("b", "Meals are refunded up to 40 euros per day.", 3));
        String answer = new OfflineAnswerer().answer("Do I book trains for short trips?", hits);
        assertTrue(answer.startsWith("Extractive answer"));
        assertTrue(answer.contains("Trains must be booked for trips under 500 km. [1]"), answer);
        assertTrue(!answer.contains("office opens"), answer);
    }

    @Test
    void citationsKeepOnlyNumbersOfRealSources() {
        var hits = List.of(hit("a", "alpha", 1), hit("b", "beta", null));
        var citations = Citations.validate("Alpha [1], beta [2], invented [7] and [0], again [1].", hits);
        assertEquals(2, citations.size());
        assertEquals(1, citations.get(0).n());
        assertEquals("a", citations.get(0).chunkId());
        assertEquals(1, citations.get(0).page());
        assertEquals("b", citations.get(1).chunkId());
    }

    @Test
    void nothingFoundSaysSo() {
        assertTrue(new OfflineAnswerer().answer("anything?", List.of()).contains("could not find"));
    }
}
