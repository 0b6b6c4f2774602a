package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.chat.agent.Citations;
import dev.quire.chat.agent.LinkGuard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Links and images to hosts outside the allow-list are neutralised, also when they arrive split over many deltas. */
class LinkGuardTest {
    private static final List<String> ALLOWED = List.of("docs.quire.dev");

    @Test
    void imagesAndLinksToOtherHostsKeepOnlyTheirTextWhileAllowedOnesAndCitationsPass() {
        assertEquals(
                "See status and details [1], [guide](https://docs.quire.dev/a) and [2].",
                LinkGuard.clean(
                        "See ![status](https://canary.example/x?d=secret) and [details](http://evil.example) [1],"
                                + " [guide](https://docs.quire.dev/a) and [2].",
                        ALLOWED));
        assertEquals("go  now", LinkGuard.clean("go <https://canary.example/x> now", ALLOWED));
        assertEquals("[1]:\nok", LinkGuard.clean("[1]: https://canary.example/x\nok", ALLOWED));
        assertEquals(
                "x javascript",
                LinkGuard.clean("x [javascript](javascript:alert(1))", ALLOWED).replace(")", ""));
    }

    @Test
    void aLinkSplitAcrossDeltasIsHeldBackUntilDecided() {
        List<String> out = new ArrayList<>();
        var guard = new LinkGuard(ALLOWED, out::add);
        for (String d : List.of("Look ", "![", "cat", "](https://can", "ary.example/a.png", ") done [", "1", "]")) {
            guard.accept(d);
        }
        guard.finish();
        assertEquals("Look cat done [1]", String.join("", out));
        assertEquals(1, guard.neutralised());
    }

    @Test
    void unsupportedCitationMarkersAreRemovedAndTheOthersKept() {
        assertEquals(
                "A [1] and B.", Citations.repair("A [1] and B [7].", List.of(7)).replace(" .", "."));
    }
}
