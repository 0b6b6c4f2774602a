package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** The offline answerer's answer to a question over these passages. */
    private static String offlineAnswer(String question, SearchHit... hits) {
        return new OfflineAnswerer().answer(question, List.of(hits));
    }

    /** The offline answer to a question over these passages, which must quote {@code quoted}. */
    private static String assertQuoted(String question, String quoted, SearchHit... hits) {
        String answer = offlineAnswer(question, hits);
        assertTrue(answer.contains(quoted), answer);
        return answer;
    }

    /** {@link OfflineAnswerer#plain} turns this quoted {@code markdown} into {@code plain}. */
    private static void assertPlain(String plain, String markdown) {
        assertEquals(plain, OfflineAnswerer.plain(markdown));
    }

    @Test
    void offlineAnswerQuotesTheMatchingSentenceWithItsNumber() {
        String answer = assertQuoted(
                "Do I book trains for short trips?",
                "Trains must be booked for trips under 500 km. [1]",
                hit("a", "The office opens at eight. Trains must be booked for trips under 500 km.", 2),
                hit("b", "Meals are refunded up to 40 euros per day.", 3));
        assertTrue(answer.startsWith("Extractive answer"));
        assertTrue(!answer.contains("office opens"), answer);
    }

    @Test
    void inflectedWordsMeetTheirQuestion() {
        assertQuoted(
                "What is the hotel cap?",
                "Hotels are capped at 150 euros. [1]",
                hit("a", "Hotels are capped at 150 euros.", 2));
    }

    @Test
    void aLongSourcesCitationShowsThePassageTheCitingSentenceDrawsOn() {
        String intro = "The Zephyr lighthouse stands on the northern cape and was first lit in 1874. "
                + "Its keepers lived in the cottage beside the tower until the light was automated in 1961. "
                + "The lens is a first-order Fresnel lens made in Paris and still turns on a bath of mercury. "
                + "The foghorn was removed in 1990 after complaints from the village across the bay. ";
        String fact = "Visitors may climb the 212 steps to the lantern room on weekends between May and September.";
        String text = intro + fact + " Tickets are sold at the cottage.";
        var hits = List.of(hit("a", text, 1), hit("b", "Goats graze the headland.", null));

        var cited = Citations.validate("Visitors can climb 212 steps to the lantern room on weekends [1].", hits);
        assertTrue(
                cited.get(0).snippet().contains("212 steps to the lantern room"),
                cited.get(0).snippet());
        assertTrue(
                cited.get(0).snippet().startsWith("…Visitors may climb"),
                cited.get(0).snippet());
        assertTrue(
                cited.get(0).snippet().length() <= Citations.SNIPPET + 2,
                cited.get(0).snippet());
        // a marker after the sentence's full stop cites the sentence before it
        assertTrue(Citations.validate("Visitors climb 212 steps to the lantern room. [1]", hits)
                .get(0)
                .snippet()
                .contains("212 steps"));
        // positive control: a sentence about the start of the source shows its start, as before
        var early = Citations.validate("It was first lit in 1874 on the northern cape [1].", hits);
        assertTrue(
                early.get(0).snippet().startsWith("The Zephyr lighthouse stands"),
                early.get(0).snippet());
        assertFalse(early.get(0).snippet().contains("212 steps"), early.get(0).snippet());
        // a short source is shown whole
        assertEquals(
                "Goats graze the headland.",
                Citations.validate("Goats graze there [2].", hits).get(0).snippet());
    }

    @Test
    void quotedMarkdownHeadingsAndListMarkersDoNotNestInTheAnswersBullets() {
        assertPlain(
                "Harvest rules The annual harvest festival is in May.",
                "## Harvest rules The annual harvest festival is in May.");
        assertPlain("Each member may pick up to **40 kilograms**.", "- Each member may pick up to **40 kilograms**.");
        // a dash, a star or a hash inside a sentence is the sentence's own
        assertPlain("Plums - not pears - cost 3 * 2 euros in C# #1.", "Plums - not pears - cost 3 * 2 euros in C# #1.");
        String answer = assertQuoted(
                "How many kilograms of plums may a member pick per season?",
                "40 kilograms",
                hit(
                        "a",
                        "## Harvest rules\n\n- Each member may pick up to **40 kilograms** of plums per season at the"
                                + " orchard.\n- Ladders are provided by the orchard for every member who picks plums.",
                        null));
        assertFalse(answer.contains("#"), answer);
        assertFalse(answer.contains("- -"), answer);
    }

    private static SearchHit handbook(String text, String section) {
        return new SearchHit("h", DOC, UUID.randomUUID(), "handbook.md", text, 0.9, null, section);
    }

    @Test
    void aListAfterItsLeadInIsQuotedItemByItem() {
        String answer = offlineAnswer(
                "What are the onboarding steps for new engineers?",
                handbook(
                        "## Onboarding checklist New engineers complete these steps in their first week: - Get a laptop"
                                + " from IT on day one - Set up two-factor authentication - Read the security policy -"
                                + " Pair with a buddy for three days",
                        "Employee Handbook > Onboarding checklist"));
        assertEquals(
                OfflineAnswerer.PREFIX
                        + "- New engineers complete these steps in their first week: [1]\n"
                        + "  - Get a laptop from IT on day one\n"
                        + "  - Set up two-factor authentication\n"
                        + "  - Read the security policy\n"
                        + "  - Pair with a buddy for three days",
                answer);
        // a dash inside a sentence is not a list
        assertEquals(
                OfflineAnswerer.PREFIX + "- Plums - not pears - are picked in May by every member of the orchard. [1]",
                offlineAnswer(
                        "When are plums picked?",
                        handbook(
                                "Plums - not pears - are picked in May by every member of the orchard.",
                                "Orchard > Harvest")));
    }

    @Test
    void aTableRowIsQuotedWithItsHeadersNames() {
        var hits = List.of(handbook(
                "## On-call New engineers join the on-call rotation after three months. | Level | Response time | |"
                        + " P1 | 15 minutes | | P2 | 4 hours |",
                "Employee Handbook > On-call"));
        String answer = new OfflineAnswerer().answer("What is the P1 response time?", hits);
        assertTrue(answer.startsWith(OfflineAnswerer.PREFIX + "- Level: P1; Response time: 15 minutes [1]"), answer);
        assertFalse(answer.contains("|"), answer);
        // the sentence before the table is still read, without the heading run into it
        assertEquals(
                OfflineAnswerer.PREFIX + "- New engineers join the on-call rotation after three months. [1]",
                new OfflineAnswerer().answer("When do new engineers join the on-call rotation?", hits));
    }

    @Test
    void aQuestionAskingTwoThingsGetsTheSentenceForEach() {
        var hits = List.of(handbook(
                "## Paid time off Every full-time employee receives **28 days** of paid vacation per calendar year."
                        + " Unused days may be carried over until **31 March** of the following year; after that they"
                        + " expire. - Part-time employees receive a pro-rated amount. - Sick days do not count against"
                        + " vacation.",
                "Employee Handbook > Paid time off"));
        String answer =
                new OfflineAnswerer().answer("How many vacation days do I get, and can I carry them over?", hits);
        assertTrue(
                answer.startsWith(OfflineAnswerer.PREFIX
                        + "- Every full-time employee receives **28 days** of paid vacation per calendar year. [1]\n"
                        + "- Unused days may be carried over until **31 March** of the following year; after that"
                        + " they expire. [1]"),
                answer);
        // the list after the paragraph is its items, not one sentence
        assertEquals(
                OfflineAnswerer.PREFIX + "- Sick days do not count against vacation. [1]",
                new OfflineAnswerer()
                        .answer("Do sick days count against vacation?", hits)
                        .split("\n- Part")[0]);
    }

    @Test
    void aQuestionInOtherWordsMeetsThePoliciesWords() {
        var hits = List.of(
                handbook(
                        "Daily backups are retained for 35 days, and yearly backups for 7 years. Backups are"
                                + " encrypted with AES-256 and stored in two separate regions. 1.",
                        null),
                handbook("Section 4.2 states that the owner of access reviews is the data protection officer.", null));
        var answerer = new OfflineAnswerer();
        String kept = answerer.answer("How long are yearly backups kept?", hits);
        assertTrue(
                kept.startsWith(OfflineAnswerer.PREFIX
                        + "- Daily backups are retained for 35 days, and yearly backups for 7 years. [1]"),
                kept);
        assertFalse(kept.contains("regions. 1."), "a PDF outline's number is not quoted: " + kept);
        String owner = answerer.answer("Who owns the access reviews?", hits);
        assertTrue(owner.contains("the owner of access reviews is the data protection officer. [2]"), owner);
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
        // nothing searched at all says so: the documents are not there yet, not silent on the question
        assertEquals(
                OfflineAnswerer.NOT_FOUND + " " + OfflineAnswerer.NOTHING_INDEXED,
                new OfflineAnswerer().answer("anything?", List.of()));
    }

    private static SearchHit doc(String filename, String text) {
        return new SearchHit(
                UUID.randomUUID().toString(), UUID.randomUUID(), UUID.randomUUID(), filename, text, 0.5, 1, null);
    }

    @Test
    void theSentenceThatAnswersIsChosenOverTheChunksTitleLine() {
        String answer = assertQuoted(
                "Which command must an application run after modifying the shared MIME database?",
                "MUST run the update-mime-database command",
                doc(
                        "shared-mime-info-spec.pdf",
                        "Shared MIME-info Database X Desktop Group (http://www.freedesktop.org) Thomas Leonard tal197"
                                + " at users.sf.net 1. Introduction Many programs and desktops use the MIME system to"
                                + " represent the types of files. After installing, uninstalling or modifying this file,"
                                + " the application MUST run the update-mime-database command, which is provided by the"
                                + " freedesktop.org shared database."));
        assertTrue(answer.contains("[1]"), answer);
        assertFalse(answer.contains("Thomas Leonard"), answer);
        assertFalse(answer.contains("X Desktop Group"), answer);
    }

    @Test
    void aQuestionNamingAnIdentifierGetsTheSentenceThatContainsIt() {
        var hits = List.of(
                doc(
                        "zlib-FAQ.txt",
                        "deflate() returns Z_STREAM_ERROR if the stream state was inconsistent."
                                + " The compression level must be between 0 and 9."),
                doc(
                        "zlib-FAQ.txt",
                        "Before making the call, make sure that avail_in and avail_out are not zero."
                                + " Note that a Z_BUF_ERROR is not fatal, another call to deflate() or inflate() can be made"
                                + " with more input or output space."),
                doc(
                        "libtasn1.pdf",
                        "Fill the structure with values of a DER encoding string. Use"
                                + " asn1_der_decoding() instead of the deprecated asn1_der_decoding_element()."));
        var answerer = new OfflineAnswerer();
        String buf = answerer.answer("Is Z_BUF_ERROR fatal?", hits);
        assertTrue(
                buf.contains("Note that a Z_BUF_ERROR is not fatal, another call to deflate() or inflate() can be"
                        + " made with more input or output space. [2]"),
                buf);
        assertFalse(buf.contains("Z_STREAM_ERROR"), buf);
        String der = answerer.answer("What replaces asn1_der_decoding_element?", hits);
        assertTrue(
                der.contains("Use asn1_der_decoding() instead of the deprecated asn1_der_decoding_element(). [3]"),
                der);
    }

    @Test
    void aQuestionWrappedInWhatTheUserSaysAroundItIsAnsweredLikeThePlainQuestion() {
        var hits = List.of(
                doc("office-guide.md", "The Lisbon office is on the third floor of the Atlantic building."),
                doc(
                        "travel-policy.md",
                        "Trains must be booked for trips under 500 km. Hotels are capped at 150 euros per night."),
                doc("it-handbook.txt", "Laptops are replaced every four years. Passwords expire after 90 days."));
        var answerer = new OfflineAnswerer();
        String hotel = "Hotels are capped at 150 euros per night.";
        assertTrue(answerer.answer("What is the hotel cap per night?", hits).contains(hotel));
        // a clause before the question, and sentences around it: their words are in no passage
        for (String verbose : List.of(
                "When I travel on company business abroad for a conference, what is the hotel cap per night?",
                "We had a long meeting about our budgets yesterday and nobody remembered the details. What is the"
                        + " hotel cap per night? Thanks a lot, this would help the whole team.")) {
            String answer = answerer.answer(verbose, hits);
            assertTrue(answer.contains(hotel + " [2]"), verbose + " -> " + answer);
        }
        // the same wrapping around a question the passages do not answer is still not found
        assertTrue(answerer.answer(
                        "We had a long meeting about our budgets yesterday and nobody remembered the details. What is"
                                + " the refund policy for enterprise customers? Thanks a lot, this would help the team.",
                        hits)
                .startsWith(OfflineAnswerer.NOT_FOUND));
    }

    @Test
    void anUnanswerableQuestionIsNotFoundWithoutCitations() {
        var hits = List.of(
                doc(
                        "zlib-FAQ.txt",
                        "Can zlib handle .zip archives? Not by itself, no. See the directory"
                                + " contrib/minizip in the zlib distribution."),
                doc(
                        "ninja-manual.html",
                        "Some explicit non-goals: convenient syntax for writing build files by"
                                + " hand. This is how we can sidestep many policy decisions."));
        String answer = new OfflineAnswerer().answer("What is the refund policy for enterprise customers?", hits);
        // it says where it looked, without a citation: none of those passages answers
        assertEquals(
                OfflineAnswerer.NOT_FOUND
                        + " The closest passages were in zlib-FAQ.txt and ninja-manual.html, but none of them answers"
                        + " it.",
                answer);
        assertTrue(Citations.validate(answer, hits).isEmpty());
        // positive control: the same passages answer what they hold, a FAQ question together with its answer
        String zip = new OfflineAnswerer().answer("Can zlib handle .zip archives?", hits);
        assertTrue(
                zip.contains("Can zlib handle .zip archives? Not by itself, no. See the directory contrib/minizip"),
                zip);
        assertEquals(1, Citations.validate(zip, hits).size());
    }

    @Test
    void nearDuplicateSentencesAreQuotedOnce() {
        String sentence = "The default weight value is 50, and the maximum is 100.";
        String answer = assertQuoted(
                "What is the default glob weight value?",
                sentence + " [1]",
                doc("a.pdf", "Glob elements have a pattern attribute. " + sentence),
                doc("b.html", "Glob weights resolve conflicts. " + sentence.replace(", and", " and")),
                doc("c.txt", "Magic rules have a priority. The default priority of a glob weight is 50."));
        assertEquals(1, answer.split("maximum is 100", -1).length - 1, answer);
    }

    @Test
    void fragmentsCutByChunkingAreNeverQuoted() {
        String answer = assertQuoted(
                "Which option writes the resource use statistics to a file?",
                "-o file --output=file Write the resource use statistics to file. [1]",
                doc(
                        "time.html",
                        "writes the resource use statistics and more. -o file --output=file Write the resource use"
                                + " statistics to file. By default, this overwrites the file, destroying the"));
        assertFalse(answer.contains("writes the resource use statistics and more"), answer);
        assertFalse(answer.contains("destroying the"), answer);
    }

    @Test
    void theIssuesOwnQuestionGetsTheProgramsName() {
        assertQuoted(
                "Which program rebuilds the shared MIME-info database?",
                "update-mime-database",
                doc(
                        "shared-mime-info-spec.pdf",
                        "1.1. Version This is version 0.21 of the Shared MIME-info Database specification, last"
                                + " updated 2 October 2018. 1.2. What is this spec?"),
                doc(
                        "shared-mime-info-spec.pdf",
                        "After installing, uninstalling or modifying this file, the application MUST run the"
                                + " update-mime-database command to rebuild the shared database."));
    }

    @Test
    void aSentenceAnswersThroughTheSentenceBeforeIt() {
        assertQuoted(
                "How are the lines of an XMLnamespaces file sorted?",
                "using strcmp",
                doc(
                        "shared-mime-info-spec.pdf",
                        "The XMLnamespaces files list one namespace per line. Each entry maps a local name to a type."
                                + " The lines are sorted (using strcmp in the C locale) and there are no lines with the"
                                + " same namespace. The icon files are lists of lines in another form."));
    }

    @Test
    void anRfcStyleMustKeepsTheSentencesSubject() {
        assertQuoted(
                "How must applications match globs?",
                "Applications MUST match globs case-insensitively",
                doc(
                        "shared-mime-info-spec.pdf",
                        "Applications MUST match globs case-insensitively, except when the case-sensitive attribute is"
                                + " set to true."));
    }

    @Test
    void createdMeetsCreate() {
        assertQuoted(
                "Which function must create the structure before a DER decoding?",
                "asn1_create_element()",
                doc(
                        "libtasn1.pdf",
                        "The structure must just be created with function asn1_create_element() before it is used."
                                + " The padding flag makes the decoder ignore trailing bytes of the DER data."));
    }
}
