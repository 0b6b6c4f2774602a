package dev.quire.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ingestion.pipeline.Chunker;
import dev.quire.ingestion.pipeline.ParsedDocument;
import dev.quire.ingestion.pipeline.Parser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ParserAndChunkerTest {
    @Inject
    Parser parser;

    @Inject
    Chunker chunker;

    @Test
    void pdfKeepsPageNumbers() throws Exception {
        byte[] pdf = pdf(List.of(
                "Alpha page talks about apples.",
                "Beta page talks about bananas.",
                "Gamma page talks about cherries."));
        ParsedDocument doc = parser.parse(pdf, "application/pdf", "fruit.pdf");
        assertEquals(3, doc.sections().size());
        assertEquals(2, doc.sections().get(1).page());
        assertTrue(doc.sections().get(2).text().contains("cherries"));
    }

    @Test
    void chunksStayWithinTheModelWindowAndOverlap() {
        var sentence = "The quarterly revenue of the northern region grew by twelve percent after the merger. ";
        var doc = new ParsedDocument(List.of(new ParsedDocument.Section(1, "Report", sentence.repeat(40))), false);
        var chunks = chunker.chunk(doc);
        assertTrue(chunks.size() > 5);
        for (var c : chunks) {
            assertTrue(c.tokenCount() <= 120, "chunk of " + c.tokenCount() + " word pieces");
            assertEquals(1, c.page());
            assertEquals("Report", c.section());
        }
        // overlap: each chunk after the first starts with the previous one's last sentence
        String last = chunks.get(0).text().substring(chunks.get(0).text().lastIndexOf("The quarterly"));
        assertTrue(chunks.get(1).text().startsWith(last));
    }

    @Test
    void overlongSentenceIsCutByWords() {
        var doc = new ParsedDocument(
                List.of(new ParsedDocument.Section(
                        null, null, "word ".repeat(1000).strip())),
                false);
        var chunks = chunker.chunk(doc);
        assertTrue(chunks.size() >= 8);
        chunks.forEach(c -> assertTrue(c.tokenCount() <= 120));
    }

    static byte[] pdf(List<String> pages) throws Exception {
        try (var doc = new PDDocument();
                var out = new ByteArrayOutputStream()) {
            for (String text : pages) {
                var page = new PDPage();
                doc.addPage(page);
                try (var cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    cs.newLineAtOffset(72, 700);
                    cs.showText(text);
                    cs.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void htmlChunksCarryTheirSectionNotOnlyTheFile() throws Exception {
        String html = "<!DOCTYPE html><html><head><title>Guide</title></head><body>"
                + "<nav><a href=\"/\">Home</a></nav>"
                + "<h1>Installation</h1><p>Before you start, back up your data.</p>"
                + "<div class=\"section\"><h2 class=\"title\"><a name=\"net\"></a>Configuring\n   the network</h2>"
                + "<p>The installer asks for a hostname and a domain name.</p></div>"
                + "<h1>Upgrading</h1><p>Upgrades keep your settings.</p></body></html>";
        var doc = parser.parse(html.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/html", "guide.html");
        // in the Quarkus test: the tokenizer's native library loads once per JVM, in the application's class loader
        var chunks = chunker.chunk(doc);
        assertEquals(
                "Installation > Configuring the network",
                chunks.stream()
                        .filter(c -> c.text().contains("hostname"))
                        .findFirst()
                        .orElseThrow()
                        .section());
        assertEquals(
                "Upgrading",
                chunks.stream()
                        .filter(c -> c.text().contains("keep your settings"))
                        .findFirst()
                        .orElseThrow()
                        .section());
    }
}
