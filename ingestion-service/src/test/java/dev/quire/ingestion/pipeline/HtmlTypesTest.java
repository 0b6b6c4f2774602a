package dev.quire.ingestion.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** XHTML and the other HTML variants are accepted and read with their heading paths; a refusal says what to do. */
class HtmlTypesTest {
    static final String XHTML =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">
            <head><title>Installation Guide</title></head>
            <body>
            <h1>Installation</h1>
            <p>Boot the installer from the USB stick.</p>
            <h2>Configuring the network</h2>
            <p>The installer asks for a hostname and a domain.</p>
            <h3>Wireless</h3>
            <p>Firmware for wireless cards may be needed.</p>
            <h2>Partitioning</h2>
            <p>Guided partitioning uses the whole disk.</p>
            </body>
            </html>
            """;

    private static Parser parser;
    private static TypeSniffer sniffer;

    @BeforeAll
    static void setUp() {
        parser = new Parser(ParserLimitsTest.config(Map.of("quire.ingestion.ocr", "false")));
        sniffer = new TypeSniffer(parser);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void xhtmlWithXmlDeclarationIsAccepted() {
        for (String name : List.of("install.xhtml", "install.html", "install.htm", "install.xml", "install")) {
            String type = sniffer.sniff(utf8(XHTML), name);
            assertEquals("application/xhtml+xml", type, name);
            assertTrue(sniffer.parseable(type), name);
        }
    }

    @Test
    void otherHtmlVariantsAreAccepted() {
        Map<String, String> files = Map.of(
                "old.htm", "<HTML><HEAD><TITLE>Old</TITLE></HEAD><BODY><H1>Old page</H1><P>Text</BODY></HTML>",
                "declared.html",
                        "<?xml version=\"1.0\"?>\n<html><head><title>T</title></head><body><p>x</p></body></html>",
                "fragment.html", "<p>Only a fragment with <b>bold</b> words.</p>",
                // the root element lies past what detection from the bytes alone reads
                "late-root.xhtml",
                        "<?xml version=\"1.0\"?>\n<!-- " + "x".repeat(70_000) + " -->\n"
                                + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>x</p></body></html>");
        files.forEach((name, content) -> {
            String type = sniffer.sniff(utf8(content), name);
            assertTrue(type.equals("text/html") || type.equals("application/xhtml+xml"), name + ": " + type);
            assertTrue(sniffer.parseable(type), name);
        });
    }

    @Test
    void plainXmlAndTextStayWhatTheyAre() {
        String xml = sniffer.sniff(utf8("<?xml version=\"1.0\"?><note><to>Ann</to></note>"), "note.xml");
        assertEquals("application/xml", xml);
        assertFalse(sniffer.parseable(xml));
        assertEquals("text/plain", sniffer.sniff(utf8("Just a line of text.\n"), "notes.txt"));
        assertEquals("text/markdown", sniffer.sniff(utf8("# Title\n\nText.\n"), "readme.md"));
    }

    @Test
    void xhtmlIsParsedIntoTextWithItsHeadingPaths() throws Exception {
        var doc = parser.parse(utf8(XHTML), "application/xhtml+xml", "install.xhtml");
        String text = doc.fullText();
        for (String s : List.of(
                "Installation",
                "Configuring the network",
                "Boot the installer from the USB stick.",
                "Guided partitioning uses the whole disk.")) {
            assertTrue(text.contains(s), s + " in " + text);
        }
        assertFalse(text.contains("Installation Guide"), "the <title> is no body text: " + text);
        assertEquals(
                List.of(
                        "Installation",
                        "Installation > Configuring the network",
                        "Installation > Configuring the network > Wireless",
                        "Installation > Partitioning"),
                doc.sections().stream().map(ParsedDocument.Section::title).toList());
        var network = doc.sections().get(1);
        assertTrue(network.text().startsWith("Configuring the network"), network.text());
        assertTrue(network.text().contains("hostname and a domain"), network.text());
    }

    @Test
    void markdownHeadingsBecomePathsButNotInsideCode() throws Exception {
        String md =
                "# Guide\n\nIntro text.\n\n## Setup\n\nRun this:\n\n```sh\n# not a heading\napt install quire\n```\n\n"
                        + "### Network\n\nSet the proxy.\n\n## Usage ##\n\nUpload files.\n";
        var doc = parser.parse(utf8(md), "text/markdown", "guide.md");
        assertEquals(
                List.of("Guide", "Guide > Setup", "Guide > Setup > Network", "Guide > Usage"),
                doc.sections().stream().map(ParsedDocument.Section::title).toList());
        assertTrue(
                doc.sections().get(1).text().contains("# not a heading"),
                doc.sections().get(1).text());
    }

    @Test
    void overlongHeadingPathsKeepTheirInnermostHeadings() {
        var path = new java.util.ArrayList<String>();
        var levels = new java.util.ArrayList<Integer>();
        String title = null;
        for (int level = 1; level <= 6; level++) {
            title = SectionCollector.enter(path, levels, level, "Heading level " + level + " " + "x".repeat(80));
        }
        assertTrue(title.length() <= SectionCollector.MAX_PATH, title);
        assertTrue(title.endsWith("Heading level 6 " + "x".repeat(80)), title);
        // a heading of a higher level replaces the deeper ones
        assertEquals("Heading level 1 " + "x".repeat(80) + " > Next", SectionCollector.enter(path, levels, 2, "Next"));
    }

    @Test
    void refusalNamesTheTypeAndWhatIsAccepted() {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        String type = sniffer.sniff(garbage, "notes.bin");
        assertEquals("application/octet-stream", type);
        assertFalse(sniffer.parseable(type));
        String detail = sniffer.refusal("notes.bin", type);
        assertTrue(detail.startsWith("notes.bin is application/octet-stream"), detail);
        for (String kind : List.of("convert it to PDF", "DOCX", "HTML/XHTML", "Markdown", "CSV", "or plain text")) {
            assertTrue(detail.contains(kind), kind + " in " + detail);
        }
        assertFalse(detail.contains("PNG"), "without OCR images are not accepted: " + detail);
        assertTrue(sniffer.refusal("a.xml", "application/xml").contains("a.xml is application/xml"));
    }
}
