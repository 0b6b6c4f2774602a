package dev.quire.gateway.e2e;

import static dev.quire.gateway.e2e.HostileFiles.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The files {@link HostileFilesIT} uploads: over fifty hostile ones, then a few benign ones. */
final class HostileCorpus {
    private HostileCorpus() {}

    /** What a file must come to: refused with {@code refusedWith} (0: any outcome), or INDEXED when benign. */
    record Case(String name, byte[] bytes, int refusedWith, boolean benign) {}

    static List<Case> cases(String url) throws Exception {
        List<Case> c = new ArrayList<>();
        byte[] docx = Documents.docx("Hostile", List.of("A docx to be made hostile."));
        byte[] pdf = Documents.pdf(List.of(List.of("A pdf to be made hostile."), List.of("Second page.")));
        String doc = new String(unzip(docx).get("word/document.xml"), StandardCharsets.UTF_8);
        String root = rootName(doc);

        // refused at upload
        c.add(new Case("empty.txt", new byte[0], 400, false));
        c.add(new Case("bomb.zip", zipBomb(Map.of(), "zeros.txt", "", "0", 300, ""), 415, false));
        byte[] nested = zip(Map.of("deep.txt", utf8("deep")));
        for (int i = 0; i < 30; i++) {
            nested = zip(Map.of("level" + i + ".zip", nested));
        }
        c.add(new Case("nested-30.zip", nested, 415, false));
        c.add(new Case(
                "program.pdf", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0}, 415, false));
        c.add(new Case("packed.txt", gzip(utf8("compressed text ".repeat(1000))), 415, false));
        c.add(new Case("laughs.xml", utf8("<?xml version=\"1.0\"?>" + laughs("r") + "<r>&lol9;</r>"), 415, false));
        c.add(new Case(
                "xxe.svg",
                utf8("<?xml version=\"1.0\"?>" + externalEntity("svg", url + "/svg")
                        + "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&xxe;</text></svg>"),
                415,
                false));
        c.add(new Case("over-service-cap.txt", utf8("x".repeat(51 * 1024 * 1024)), 413, false));

        // XML entity tricks inside parseable formats
        c.add(hostile(
                "docx-xxe.docx",
                rewrite(
                        docx,
                        "word/document.xml",
                        x -> insertAfterOpen(withDoctype(x, externalEntity(root, url + "/docx")), "w:t", "&xxe;"))));
        c.add(hostile(
                "docx-param-entity.docx",
                rewrite(docx, "word/document.xml", x -> withDoctype(x, parameterEntity(root, url + "/docx-param")))));
        c.add(hostile(
                "docx-laughs.docx",
                rewrite(
                        docx,
                        "word/document.xml",
                        x -> insertAfterOpen(withDoctype(x, laughs(root)), "w:t", "&lol9;"))));
        c.add(hostile(
                "docx-xinclude.docx",
                rewrite(
                        docx,
                        "word/document.xml",
                        x -> insertAfterOpen(
                                x,
                                "w:body",
                                "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + url
                                        + "/xinclude\"/>"))));
        c.add(hostile(
                "docx-xxe-content-types.docx",
                rewrite(docx, "[Content_Types].xml", x -> withDoctype(x, externalEntity("Types", url + "/ct")))));
        c.add(hostile(
                "docx-external-image.docx",
                rewrite(
                        docx,
                        "word/_rels/document.xml.rels",
                        x -> insertAfterOpen(
                                x,
                                "Relationships",
                                "<Relationship Id=\"rIdX\" Type=\"http://schemas."
                                        + "openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"" + url
                                        + "/image.png\" TargetMode=\"External\"/>"))));
        byte[] xlsx = xlsx("A spreadsheet to be made hostile.");
        c.add(hostile(
                "xlsx-xxe.xlsx",
                rewrite(
                        xlsx,
                        "xl/sharedStrings.xml",
                        x -> insertAfterOpen(withDoctype(x, externalEntity("sst", url + "/xlsx")), "t", "&xxe;"))));
        c.add(hostile(
                "xlsx-laughs.xlsx",
                rewrite(
                        xlsx,
                        "xl/sharedStrings.xml",
                        x -> insertAfterOpen(withDoctype(x, laughs("sst")), "t", "&lol9;"))));
        byte[] pptx = pptx("A slide to be made hostile.");
        c.add(hostile(
                "pptx-xxe.pptx",
                rewrite(
                        pptx,
                        "ppt/slides/slide1.xml",
                        x -> insertAfterOpen(withDoctype(x, externalEntity("p:sld", url + "/pptx")), "a:t", "&xxe;"))));
        c.add(hostile(
                "odt-xxe.odt",
                odt("<text:p>before &xxe; after</text:p>", externalEntity("office:document-content", url + "/odt"))));
        c.add(hostile("odt-laughs.odt", odt("<text:p>&lol9;</text:p>", laughs("office:document-content"))));
        c.add(hostile("epub-xxe-opf.epub", epub(externalEntity("package", url + "/opf"), "", "<p>chapter</p>")));
        c.add(hostile(
                "epub-xxe-chapter.epub",
                epub("", externalEntity("html", url + "/chapter"), "<p>before &xxe; after</p>")));
        c.add(hostile("epub-laughs.epub", epub("", laughs("html"), "<p>&lol9;</p>")));
        c.add(hostile(
                "xfa-xxe.pdf",
                pdfWithXfa("<?xml version=\"1.0\"?>" + externalEntity("xdp:xdp", url + "/xfa")
                        + "<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"><template xmlns=\"http://www.xfa.org/schema/"
                        + "xfa-template/3.3/\"><subform name=\"f\"><field name=\"a\"><value><text>&xxe;</text></value>"
                        + "</field></subform></template><datasets xmlns:xfa=\"http://www.xfa.org/schema/xfa-data/1.0/\">"
                        + "<xfa:data><a>&xxe;</a></xfa:data></datasets></xdp:xdp>")));
        c.add(hostile(
                "xfa-laughs.pdf",
                pdfWithXfa("<?xml version=\"1.0\"?>" + laughs("xdp:xdp")
                        + "<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"><datasets><data><a>&lol9;</a></data>"
                        + "</datasets></xdp:xdp>")));
        c.add(hostile("link.pdf", pdfWithLink(url + "/pdf-link")));
        c.add(hostile(
                "remote.html",
                utf8("<!DOCTYPE html SYSTEM \"" + url + "/dtd\"><html><head>"
                        + "<link rel=\"stylesheet\" href=\"" + url + "/css\"><script src=\"" + url + "/js\"></script>"
                        + "<meta http-equiv=\"refresh\" content=\"0;url=" + url + "/refresh\"></head><body>"
                        + "<p>Remote resources everywhere.</p><img src=\"" + url + "/img\"><iframe src=\"" + url
                        + "/frame\"></iframe><object data=\"" + url + "/object\"></object></body></html>")));
        c.add(hostile(
                "remote-image.eml",
                utf8("From: a@example.com\r\nTo: b@example.com\r\nSubject: pixel\r\n"
                        + "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Tracking"
                        + " pixel below.</p><img src=\"" + url + "/eml-pixel\"></body></html>\r\n")));
        c.add(hostile(
                "include-picture.rtf",
                utf8("{\\rtf1\\ansi {\\field{\\*\\fldinst INCLUDEPICTURE \"" + url
                        + "/rtf\" \\\\d}{\\fldrslt picture}} Text after the field.}")));

        // decompression bombs inside parseable formats
        var docxParts = unzip(docx);
        docxParts.remove("word/document.xml");
        c.add(hostile(
                "docx-bomb.docx",
                zipBomb(
                        docxParts,
                        "word/document.xml",
                        doc.substring(0, doc.indexOf("<w:body>") + 8),
                        "<w:p><w:r><w:t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</w:t></w:r></w:p>",
                        100,
                        "</w:body></w:document>")));
        var odtParts = unzip(odt("<text:p>x</text:p>", ""));
        String odtContent = new String(odtParts.remove("content.xml"), StandardCharsets.UTF_8);
        c.add(hostile(
                "odt-bomb.odt",
                zipBomb(
                        odtParts,
                        "content.xml",
                        odtContent.substring(0, odtContent.indexOf("<office:text>") + 13),
                        "<text:p>bomb bomb bomb bomb bomb</text:p>",
                        60,
                        "</office:text></office:body></office:document-content>")));
        var epubParts = unzip(epub("", "", "<p>x</p>"));
        epubParts.remove("c1.xhtml");
        c.add(hostile(
                "epub-bomb.epub",
                zipBomb(
                        epubParts,
                        "c1.xhtml",
                        "<html xmlns=\"http://www.w3.org/1999/xhtml\">" + "<body>",
                        "<p>bomb bomb bomb bomb</p>",
                        60,
                        "</body></html>")));
        c.add(hostile(
                "xlsx-bomb.xlsx",
                zipBomb(
                        withoutPart(xlsx, "xl/sharedStrings.xml"),
                        "xl/sharedStrings.xml",
                        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
                        "<si><t>bomb bomb bomb</t></si>",
                        60,
                        "</sst>")));
        c.add(hostile("png-bomb.png", pngBomb(30_000)));
        c.add(hostile("jpeg-header-bomb.jpg", jpegHeaderBomb()));

        // embedded documents: many and deep
        c.add(hostile("pdf-300-attachments.pdf", pdfWithAttachments(300, utf8("attached note"), "note.txt")));
        byte[] inner = Documents.pdf(List.of(List.of("The innermost attachment.")));
        for (int i = 0; i < 8; i++) {
            inner = pdfWithAttachments(1, inner, "level" + i + ".pdf");
        }
        c.add(hostile("pdf-nested-attachments.pdf", inner));
        var eml = new StringBuilder("From: a@example.com\r\nSubject: many\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
        for (int i = 0; i < 300; i++) {
            eml.append("--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"a")
                    .append(i)
                    .append(".txt\"\r\n\r\nattachment number ")
                    .append(i)
                    .append("\r\n");
        }
        c.add(hostile("eml-300-attachments.eml", utf8(eml.append("--b--\r\n").toString())));
        String message = "From: a@example.com\r\nSubject: innermost\r\n\r\nThe innermost message.\r\n";
        for (int i = 0; i < 25; i++) {
            message = "From: a@example.com\r\nSubject: level " + i + "\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: message/rfc822\r\n\r\n" + message;
        }
        c.add(hostile("eml-nested-25.eml", utf8(message)));
        c.add(hostile(
                "eml-broken-boundary.eml",
                utf8("From: a@example.com\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
                        + "Content-Type: multipart/mixed; boundary=\"never\"\r\n\r\n--never\r\nContent-Type: text/plain\r\n"
                        + "\r\nno closing boundary " + "and no end ".repeat(1000))));

        // broken and oversized PDFs
        c.add(hostile("pages-5000.pdf", pdfPages(5000, "Only the first of five thousand pages has text.")));
        c.add(hostile("truncated-half.pdf", truncate(pdf, 0.5)));
        c.add(hostile("truncated-most.pdf", truncate(pdf, 0.9)));
        for (long seed = 1; seed <= 5; seed++) {
            c.add(hostile("mutated-" + seed + ".pdf", mutate(pdf, seed, 40)));
        }
        c.add(hostile("encrypted.pdf", encryptedPdf()));
        c.add(hostile("cyclic-pages.pdf", pdfCyclicPageTree()));
        c.add(hostile("graphics-state-bomb.pdf", pdfStateBomb(300_000)));
        c.add(hostile("header-only.pdf", utf8("%PDF-1.7\n")));

        // broken office files
        c.add(hostile("truncated.docx", truncate(docx, 0.6)));
        for (long seed = 1; seed <= 3; seed++) {
            c.add(hostile("mutated-" + seed + ".docx", mutate(docx, seed, 30)));
        }

        // wrong names, odd text
        c.add(hostile("really-a-pdf.txt", pdf));
        c.add(hostile("really-a-docx.csv", docx));
        c.add(hostile("nul-laden.txt", utf8("N\u0000U\u0000L\u0000 bytes between letters ".repeat(200))));
        c.add(hostile("nul-in-text.txt", utf8("Plain text with a NUL \u0000 in the middle of a sentence.")));
        c.add(hostile("huge-line.txt", utf8("x".repeat(300_000))));
        c.add(hostile("deep.json", utf8("[".repeat(100_000) + "1" + "]".repeat(100_000))));
        c.add(hostile("deep.html", utf8("<html><body>" + "<div>".repeat(100_000) + "deep" + "</body></html>")));
        c.add(hostile("deep-quotes.md", utf8("> ".repeat(20_000) + "quoted\n")));
        c.add(hostile("deep-groups.rtf", utf8("{\\rtf1 " + "{".repeat(100_000) + "text" + "}".repeat(100_000) + "}")));
        c.add(hostile("unterminated-quote.csv", utf8("a,b\n\"" + "no closing quote, ".repeat(5000))));
        c.add(hostile("wide.csv", utf8(String.join(",", java.util.Collections.nCopies(100_000, "c")) + "\n")));
        c.add(hostile(
                "../../etc/" + "long-name-".repeat(49) + "\u0000\u202E.txt", utf8("A file with a hostile name.")));

        // benign, alongside
        c.add(new Case("benign.txt", utf8("The benign kestrel sorted the river stones."), 0, true));
        c.add(new Case(
                "benign.pdf", Documents.pdf(List.of(List.of("The benign heron weighed the harbour nets."))), 0, true));
        c.add(new Case(
                "benign.docx",
                Documents.docx("Benign", List.of("The benign otter mended the fishing boat.")),
                0,
                true));
        c.add(new Case("benign.md", utf8("# Benign\n\nThe benign badger swept the lantern hall.\n"), 0, true));
        return c;
    }

    private static Case hostile(String name, byte[] bytes) {
        return new Case(name, bytes, 0, false);
    }

    private static Map<String, byte[]> withoutPart(byte[] zip, String part) throws Exception {
        var parts = unzip(zip);
        parts.remove(part);
        return parts;
    }
}
