package dev.quire.ingestion.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Running headers, footers and page numbers of PDFs go, hyphenated line ends are joined. Plain JUnit. */
class TextCleaningTest {
    private static Parser parser;

    @BeforeAll
    static void setUp() {
        parser = new Parser(ParserLimitsTest.config(Map.of("quire.ingestion.ocr", "false")));
    }

    /** A PDF whose pages hold these lines, top to bottom. */
    static byte[] pdf(List<List<String>> pages) throws Exception {
        try (var doc = new PDDocument();
                var out = new ByteArrayOutputStream()) {
            for (List<String> lines : pages) {
                var page = new PDPage();
                doc.addPage(page);
                try (var cs = new PDPageContentStream(doc, page)) {
                    float y = 750;
                    for (String line : lines) {
                        cs.beginText();
                        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                        cs.newLineAtOffset(72, y);
                        cs.showText(line);
                        cs.endText();
                        y -= line.isEmpty() ? 40 : 14;
                    }
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static ParsedDocument.Section page(ParsedDocument doc, int page) {
        return doc.sections().stream()
                .filter(s -> s.page() == page)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no page " + page + " in " + doc.sections()));
    }

    @Test
    void pdfRunningHeadersFootersAndPageNumbersAreDropped() throws Exception {
        List<String> bodies = List.of(
                "Apples ripen in the northern orchard during late September.",
                "The mirror must be chosen before the configu-",
                "ration of the package manager finishes. Bananas need warmth.",
                "Cherries are picked by hand in the valley each June.");
        List<List<String>> pages = new ArrayList<>();
        for (int p = 1; p <= 4; p++) {
            String body = bodies.get(p - 1);
            List<String> lines =
                    new ArrayList<>(List.of("Debian GNU/Linux Installation Guide", "Chapter 6 section " + p));
            lines.add("");
            lines.add(body);
            if (p == 1) {
                lines.add("The installer reads the informa-");
                lines.add("tion from the preseed file and the ISO-");
                lines.add("9660 image on a well-");
                lines.add("Known medium.");
            }
            lines.add("");
            lines.add("Page " + p + " of 4");
            lines.add("— " + (p + 10) + " —");
            pages.add(lines);
        }
        var doc = parser.parse(pdf(pages), "application/pdf", "guide.pdf");
        assertEquals(
                List.of(1, 2, 3, 4),
                doc.sections().stream().map(ParsedDocument.Section::page).toList());
        String text = doc.fullText();
        for (String gone : List.of("Installation Guide", "Chapter 6 section", "Page ", "of 4", "—")) {
            assertFalse(text.contains(gone), gone + " in " + text);
        }
        assertTrue(page(doc, 1).text().contains("Apples ripen in the northern orchard"), text);
        assertTrue(page(doc, 4).text().contains("Cherries are picked"), text);
        // within a page
        assertTrue(
                page(doc, 1).text().contains("reads the information from"),
                page(doc, 1).text());
        assertTrue(page(doc, 1).text().contains("ISO-\n9660"), page(doc, 1).text());
        assertTrue(page(doc, 1).text().contains("well-\nKnown"), page(doc, 1).text());
        // across the page break the word joins the page it starts on
        assertTrue(
                page(doc, 2).text().endsWith("the configuration"), page(doc, 2).text());
        assertTrue(
                page(doc, 3).text().startsWith("of the package manager"),
                page(doc, 3).text());
    }

    private static ParsedDocument pages(List<String> texts) {
        List<ParsedDocument.Section> sections = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            sections.add(new ParsedDocument.Section(i + 1, null, texts.get(i)));
        }
        return new ParsedDocument(sections, false);
    }

    @Test
    void linesOnFewerThanHalfThePagesOrInsideThePageStay() {
        List<String> texts = new ArrayList<>();
        for (int p = 1; p <= 6; p++) {
            texts.add((p <= 2 ? "Draft notes\n" : "") + "Opening line of page " + (char) ('a' + p) + " here.\n"
                    + "Second line " + (char) ('a' + p) + ".\nThird line " + (char) ('a' + p) + ".\n"
                    + "Warning: keep the lid closed.\n"
                    + "Fifth line " + (char) ('a' + p) + ".\nSixth line " + (char) ('a' + p) + ".\n"
                    + "Closing line " + (char) ('a' + p) + ".");
        }
        var cleaned = TextCleaner.dropRunningLines(pages(texts));
        assertEquals(pages(texts), cleaned, "a line on 2 of 6 pages and one in the middle of every page stay");
    }

    @Test
    void headersOfShortDocumentsStay() {
        var doc = pages(List.of("Quarterly report\nRevenue grew.", "Quarterly report\nCosts fell."));
        assertEquals(doc, TextCleaner.dropRunningLines(doc), "fewer than " + TextCleaner.MIN_PAGES + " pages");
    }

    @Test
    void aRunningTitleOnAlternatePagesGoes() {
        List<String> texts = new ArrayList<>();
        for (int p = 1; p <= 9; p++) {
            String head = p % 2 == 1 ? "Chapter 3. Networking" : "Debian Reference";
            texts.add(p + "  " + head + "\nBody text number " + (char) ('a' + p) + " is unique.");
        }
        var cleaned = TextCleaner.dropRunningLines(pages(texts));
        for (var s : cleaned.sections()) {
            assertTrue(s.text().startsWith("Body text number"), s.text());
        }
    }

    @Test
    void pageNumberLinesAreRecognised() {
        for (String n :
                List.of("7", "- 7 -", "— 12 —", "Page 3 of 10", "page 3", "p. 4", "3 / 10", "[12]", "xiv", "iv")) {
            assertTrue(TextCleaner.isPageNumber(n), n);
        }
        for (String n : List.of("Chapter 3", "vi editor", "2 apples", "civil", "—", "", "1984 was a year")) {
            assertFalse(TextCleaner.isPageNumber(n), n);
        }
    }

    @Test
    void endOfLineHyphenationIsRepaired() {
        assertEquals("the information is", TextCleaner.repairHyphenation("the informa-\ntion is"));
        assertEquals("the information is", TextCleaner.repairHyphenation("the informa- \n  tion is"));
        assertEquals("a well-\nKnown name", TextCleaner.repairHyphenation("a well-\nKnown name"));
        assertEquals("ISO-\n9660", TextCleaner.repairHyphenation("ISO-\n9660"));
        assertEquals("list:\n- item", TextCleaner.repairHyphenation("list:\n- item"));
        assertEquals("ends -\nhere", TextCleaner.repairHyphenation("ends -\nhere"));
        assertEquals("paragraph-\n\nnext", TextCleaner.repairHyphenation("paragraph-\n\nnext"));
        assertEquals("information", TextCleaner.repairHyphenation("informa\u00AD\ntion"));
        assertEquals("information", TextCleaner.repairHyphenation("infor\u00ADmation"));
    }

    @Test
    void csvAndJsonKeepTheirLineEnds() {
        var doc = new ParsedDocument(List.of(new ParsedDocument.Section(null, null, "north-\nsouth")), false);
        assertEquals(doc, TextCleaner.clean(doc, "text/csv"));
        assertEquals(doc, TextCleaner.clean(doc, "application/json"));
        assertEquals("northsouth", TextCleaner.clean(doc, "text/plain").fullText());
    }
}
