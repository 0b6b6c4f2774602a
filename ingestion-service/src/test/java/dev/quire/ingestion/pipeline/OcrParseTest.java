package dev.quire.ingestion.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OCR of images and scanned PDF pages with the real tesseract, which {@code scripts/infra.sh} installs. */
class OcrParseTest {
    private static Parser parser;

    @BeforeAll
    static void setUp() {
        parser = new Parser(ParserLimitsTest.config(Map.of("quire.ingestion.max-image-pixels", "20000000")));
        assertTrue(parser.ocr(), "tesseract is installed by scripts/infra.sh, so OCR must be on");
    }

    static BufferedImage textImage(String... lines) {
        var img = new BufferedImage(1700, 300 + 90 * lines.length, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SERIF, Font.PLAIN, 56));
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 100, 200 + 90 * i);
        }
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** A PDF whose pages are only images: no text layer, as a scanner makes them. */
    static byte[] scannedPdf(BufferedImage... pages) throws Exception {
        try (var doc = new PDDocument();
                var out = new ByteArrayOutputStream()) {
            for (var img : pages) {
                var page = new PDPage();
                doc.addPage(page);
                var image = LosslessFactory.createFromImage(doc, img);
                try (var cs = new PDPageContentStream(doc, page)) {
                    float w = page.getMediaBox().getWidth();
                    cs.drawImage(
                            image,
                            0,
                            page.getMediaBox().getHeight() - w * img.getHeight() / img.getWidth(),
                            w,
                            w * img.getHeight() / img.getWidth());
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static String words(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    @Test
    void pngTextIsReadByOcr() throws Exception {
        var doc = parser.parse(png(textImage("The harbour crane lifts forty containers")), "image/png", "crane.png");
        assertTrue(words(doc.fullText()).contains("harbour crane lifts"), doc.fullText());
    }

    @Test
    void scannedPdfPagesAreReadByOcrWithTheirPageNumbers() throws Exception {
        byte[] pdf = scannedPdf(
                textImage("Chapter one describes the copper mine"), textImage("Chapter two visits the salt marsh"));
        var doc = parser.parse(pdf, "application/pdf", "scan.pdf");
        var second = doc.sections().stream()
                .filter(s -> words(s.text()).contains("salt marsh"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(doc.sections()));
        assertEquals(2, second.page());
        assertTrue(words(doc.fullText()).contains("copper mine"));
    }

    @Test
    void ocrStopsAfterItsPageBudgetKeepingWhatItRead() throws Exception {
        var one = new Parser(ParserLimitsTest.config(Map.of("quire.ingestion.max-ocr-pages", "1")));
        byte[] images = ParserLimitsTest.zip(Map.of(
                "a.png", png(textImage("First image says apple orchard")),
                "b.png", png(textImage("Second image says banana plantation"))));
        var doc = one.parse(images, "application/zip", "images.zip");
        String text = words(doc.fullText());
        assertTrue(doc.truncated());
        assertTrue(text.contains("orchard") != text.contains("plantation"), "exactly one image read: " + text);
        // a PDF longer than the budget is read from its text layer only: these scans have none
        byte[] scans = scannedPdf(textImage("Page one cherry"), textImage("Page two damson"));
        assertEquals("", one.parse(scans, "application/pdf", "scans.pdf").fullText());
    }

    @Test
    void hugeImageIsRefusedBeforeDecoding() throws Exception {
        var small = new Parser(ParserLimitsTest.config(Map.of("quire.ingestion.max-image-pixels", "1000000")));
        byte[] big = png(new BufferedImage(4000, 4000, BufferedImage.TYPE_BYTE_BINARY));
        var e = assertThrows(Parser.ParseFailure.class, () -> small.parse(big, "image/png", "big.png"));
        assertTrue(e.getMessage().contains("pixels"), e.getMessage());
    }
}
