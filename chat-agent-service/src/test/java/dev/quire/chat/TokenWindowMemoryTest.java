package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.chat.agent.Titler;
import dev.quire.chat.agent.Turn;
import dev.quire.chat.memory.TokenWindowMemory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory's token window and the heuristic title, without a server. */
class TokenWindowMemoryTest {
    private static final List<Turn.Message> THREAD = List.of(
            new Turn.Message("user", "a".repeat(40)),
            new Turn.Message("assistant", "b".repeat(400)),
            new Turn.Message("user", "c".repeat(40)),
            new Turn.Message("assistant", "d".repeat(80)));

    @Test
    void windowKeepsTheNewestMessagesThatFitInOrder() {
        // 4 characters a token: 10, 100, 10, 20 tokens
        var window = TokenWindowMemory.fit(THREAD, 50, s -> s.length() / 4);
        assertEquals(List.of(THREAD.get(2), THREAD.get(3)), window);
        assertEquals(THREAD, TokenWindowMemory.fit(THREAD, 140, s -> s.length() / 4));
    }

    @Test
    void windowNeverSkipsAMessageToReachAnOlderOne() {
        // the 100-token answer does not fit 45; the 10-token question before it would, but is not taken
        var window = TokenWindowMemory.fit(THREAD, 45, s -> s.length() / 4);
        assertEquals(List.of(THREAD.get(2), THREAD.get(3)), window);
        assertEquals(List.of(), TokenWindowMemory.fit(THREAD, 10, s -> s.length() / 4));
    }

    @Test
    void heuristicTitleIsTheFirstSentenceWithoutGreeting() {
        assertEquals(
                "What is the hotel cap for trips to Paris",
                Titler.heuristic("Hi, what is the hotel cap for trips to Paris? I need it today."));
        assertEquals("New conversation", Titler.heuristic("  hello!  "));
        String longOne = Titler.heuristic("Explain " + "the reimbursement rules ".repeat(10));
        assertEquals(true, longOne.length() <= Titler.MAX_CHARS + 1 && longOne.endsWith("…"), longOne);
    }
}
