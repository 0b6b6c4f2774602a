package dev.quire.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Real PDF and DOCX files written with PDFBox and Apache POI, the libraries office tools interoperate with. */
final class Documents {
    private Documents() {}

    /** One page per entry, each entry a list of lines. */
    static byte[] pdf(List<List<String>> pages) throws Exception {
        try (var doc = new PDDocument();
                var out = new ByteArrayOutputStream()) {
            var font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                var page = new PDPage();
                doc.addPage(page);
                try (var cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 11);
                    cs.setLeading(15);
                    cs.newLineAtOffset(60, 720);
                    for (String line : lines) {
                        cs.showText(line);
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    static byte[] docx(String heading, List<String> paragraphs) throws Exception {
        try (var doc = new XWPFDocument();
                var out = new ByteArrayOutputStream()) {
            var h = doc.createParagraph();
            h.setStyle("Heading1");
            h.createRun().setText(heading);
            for (String p : paragraphs) {
                doc.createParagraph().createRun().setText(p);
            }
            doc.write(out);
            return out.toByteArray();
        }
    }
}
