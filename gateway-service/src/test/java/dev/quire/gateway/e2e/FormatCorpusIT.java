package dev.quire.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every supported format, made at test time by the real tools (LibreOffice, pandoc, ImageMagick, tesseract on the
 * server side) or written by hand, each with its own sentence: uploaded through the gateway, INDEXED, and found by a
 * keyword search in that document; PDFs keep their page, headed formats their section.
 */
class FormatCorpusIT {
    /** One corpus file: its name, the words a keyword search uses, the page and section it must report. */
    record Sample(String filename, String query, Integer page, String section) {}

    @TempDir
    static Path dir;

    private static String token;
    private static String kb;

    @BeforeAll
    static void setUp() {
        Platform.useGateway();
        var t = Platform.tenant(Platform.adminToken(), "Format corpus", "pro");
        token = t.ownerToken();
        kb = Ingest.knowledgeBase(token, "Corpus");
    }

    private static String html(String heading, String... paragraphs) {
        var sb = new StringBuilder("<html><head><meta charset=\"utf-8\"><title>")
                .append(heading)
                .append("</title></head><body><h1>")
                .append(heading)
                .append("</h1>");
        for (String p : paragraphs) {
            sb.append(p.startsWith("<") ? p : "<p>" + p + "</p>");
        }
        return sb.append("</body></html>").toString();
    }

    private static void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void soffice(String format, String... sources) throws Exception {
        var cmd = new ArrayList<>(List.of(
                "soffice",
                "-env:UserInstallation=file://" + dir.resolve("lo-profile"),
                "--headless",
                "--convert-to",
                format,
                "--outdir",
                dir.toString()));
        cmd.addAll(List.of(sources));
        Ingest.run(dir, cmd.toArray(String[]::new));
    }

    /** Makes the corpus; answers file name → what must be found in it. */
    private static Map<String, Sample> makeCorpus() throws Exception {
        var samples = new LinkedHashMap<String, Sample>();
        write("report.html", html("Harbour Logistics", "The amber walrus inspected the granite harbour."));
        soffice("docx:MS Word 2007 XML", "report.html");
        samples.put("report.docx", new Sample("report.docx", "walrus granite", null, "Harbour Logistics"));

        write("notes.html", html("Field Notes", "The violet heron counted the copper lanterns."));
        soffice("odt", "notes.html");
        samples.put("notes.odt", new Sample("notes.odt", "heron lanterns", null, null));

        write(
                "manual.html",
                html(
                        "Windmill Manual",
                        "The first page only introduces the manual.",
                        "<p style=\"page-break-before: always\">The silver badger repaired the northern windmill.</p>"));
        soffice("pdf:writer_pdf_Export", "manual.html");
        samples.put("manual.pdf", new Sample("manual.pdf", "badger windmill", 2, null));

        write(
                "deck.fodp",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
                 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
                 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
                 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">
                <office:body><office:presentation><draw:page draw:name="Slide1">
                <draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="5cm"><draw:text-box>
                <text:p>The crimson pelican guarded the marble lighthouse.</text:p>
                </draw:text-box></draw:frame></draw:page></office:presentation></office:body></office:document>
                """);
        soffice("pptx:Impress MS PowerPoint 2007 XML", "deck.fodp");
        samples.put("deck.pptx", new Sample("deck.pptx", "pelican lighthouse", null, null));

        write("budget.csv", "item,note\nwarehouse,The golden otter audited the cedar warehouse.\n");
        soffice("xlsx:Calc Office Open XML", "budget.csv");
        samples.put("budget.xlsx", new Sample("budget.xlsx", "otter cedar", null, null));

        write("book.md", "# Orchard Chronicle\n\nThe indigo falcon catalogued the ancient orchard.\n");
        Ingest.run(dir, "pandoc", "book.md", "-o", "book.epub", "--metadata", "title=Orchard Chronicle");
        samples.put("book.epub", new Sample("book.epub", "falcon orchard", null, null));

        // OCR: text rendered into pixels only
        magickText("label.png", "Purple tortoise visits quiet meadow");
        samples.put("label.png", new Sample("label.png", "tortoise meadow", null, null));
        magickText("scan-1.png", "First page of the scanned letter");
        magickText("scan-2.png", "Orange beaver builds wooden bridges");
        Files.write(dir.resolve("scan.pdf"), scannedPdf(dir.resolve("scan-1.png"), dir.resolve("scan-2.png")));
        samples.put("scan.pdf", new Sample("scan.pdf", "beaver bridges", 2, null));

        write(
                "mail.eml",
                """
                From: Dispatch <dispatch@example.com>
                To: Depot <depot@example.com>
                Subject: Parcel report
                Date: Mon, 23 Nov 2026 02:00:00 +0000
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8

                The teal marmot delivered the winter parcel.
                """);
        samples.put("mail.eml", new Sample("mail.eml", "marmot parcel", null, null));
        write("table.csv", "river,observation\nnorth,The scarlet lynx measured the frozen river.\n");
        samples.put("table.csv", new Sample("table.csv", "lynx frozen", null, null));
        write("data.json", "{\"cave\": {\"note\": \"The bronze gecko painted the tidal cavern.\"}}");
        samples.put("data.json", new Sample("data.json", "gecko cavern", null, null));
        write("readme.md", "# Reef Survey\n\nThe ivory stork mapped the coral reef.\n");
        samples.put("readme.md", new Sample("readme.md", "stork coral", null, "Reef Survey"));
        write("plain.txt", "The olive moose crossed the quiet glacier.\n");
        samples.put("plain.txt", new Sample("plain.txt", "moose glacier", null, null));
        write("page.html", html("Plateau Walk", "The azure yak climbed the misty plateau."));
        samples.put("page.html", new Sample("page.html", "yak plateau", null, "Plateau Walk"));
        return samples;
    }

    private static void magickText(String name, String text) throws Exception {
        // /usr/local/bin/convert is not ImageMagick on every machine: name the real one
        String magick = Files.isExecutable(Path.of("/usr/bin/magick")) ? "/usr/bin/magick" : "/usr/bin/convert";
        Ingest.run(
                dir,
                magick,
                "-size",
                "1700x300",
                "xc:white",
                // a font file, not a name: without Ghostscript's fonts ImageMagick knows no font by name
                "-font",
                "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "-fill",
                "black",
                "-pointsize",
                "64",
                "-annotate",
                "+60+170",
                text,
                name);
    }

    /** Pages that are only images, as a scanner makes them: no text layer. */
    private static byte[] scannedPdf(Path... images) throws Exception {
        try (var doc = new PDDocument();
                var out = new ByteArrayOutputStream()) {
            for (Path p : images) {
                BufferedImage img = ImageIO.read(p.toFile());
                var page = new PDPage();
                doc.addPage(page);
                float w = page.getMediaBox().getWidth();
                float h = w * img.getHeight() / img.getWidth();
                try (var cs = new PDPageContentStream(doc, page)) {
                    cs.drawImage(
                            LosslessFactory.createFromImage(doc, img),
                            0,
                            page.getMediaBox().getHeight() - h,
                            w,
                            h);
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void everyFormatIsIndexedAndFoundByItsOwnSentence() throws Exception {
        assertTrue(Ingest.installed("tesseract"), "scripts/infra.sh installs tesseract: the OCR samples need it");
        given().baseUri("http://127.0.0.1:" + System.getProperty("quire.ingestion.management.port", "9082"))
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'parser' }.data.ocr", org.hamcrest.Matchers.equalTo(true));
        Map<String, Sample> samples = makeCorpus();
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : samples.keySet()) {
            ids.put(name, Ingest.accepted(token, kb, name, Files.readAllBytes(dir.resolve(name))));
        }
        List<String> problems = new ArrayList<>();
        for (var e : samples.entrySet()) {
            Sample s = e.getValue();
            String id = ids.get(e.getKey());
            var doc = Ingest.settled(token, id, Duration.ofMinutes(4));
            if (!"INDEXED".equals(doc.getString("status"))) {
                problems.add(s.filename() + " " + doc.getString("status") + ": " + doc.getString("error") + " "
                        + doc.prettify());
                continue;
            }
            var hits = Ingest.keywordSearch(token, id, s.query());
            List<Map<String, Object>> results = hits.getList("results");
            if (results.isEmpty()) {
                problems.add(s.filename() + ": keyword search '" + s.query() + "' found nothing");
                continue;
            }
            var top = results.get(0);
            String text = String.valueOf(top.get("text")).toLowerCase(Locale.ROOT);
            String word = s.query().split(" ")[0];
            if (!text.contains(word)) {
                problems.add(s.filename() + ": top hit lacks '" + word + "': " + text);
            }
            if (s.page() != null && !s.page().equals(top.get("page"))) {
                problems.add(s.filename() + ": page " + top.get("page") + ", expected " + s.page());
            }
            if (s.section() != null && !s.section().equals(top.get("section"))) {
                problems.add(s.filename() + ": section " + top.get("section") + ", expected " + s.section());
            }
        }
        assertEquals(List.of(), problems);
        assertFalse(ids.isEmpty());
    }
}
