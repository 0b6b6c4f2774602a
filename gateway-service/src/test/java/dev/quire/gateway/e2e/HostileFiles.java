package dev.quire.gateway.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Byte-level makers of hostile files: archives, XML tricks, broken and oversized PDFs and office files. */
final class HostileFiles {
    private HostileFiles() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A ZIP of the given entries; {@code mimetype} (ODF, EPUB) is stored uncompressed and first. */
    static byte[] zip(Map<String, byte[]> entries) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            putAll(zip, entries);
        }
        return out.toByteArray();
    }

    /** Writes the entries; {@code mimetype} (ODF, EPUB) uncompressed. */
    private static void putAll(ZipOutputStream zip, Map<String, byte[]> entries) throws IOException {
        for (var e : entries.entrySet()) {
            var entry = new ZipEntry(e.getKey());
            if (e.getKey().equals("mimetype")) {
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                var crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
            }
            zip.putNextEntry(entry);
            zip.write(e.getValue());
            zip.closeEntry();
        }
    }

    /** {@code before}, {@code megabytes} of one repeated fragment, then {@code after}. */
    private static void writeRepeated(OutputStream out, String before, String fragment, int megabytes, String after)
            throws IOException {
        out.write(utf8(before));
        byte[] f = utf8(fragment.repeat((1 << 20) / fragment.length()));
        for (int i = 0; i < megabytes; i++) {
            out.write(f);
        }
        out.write(utf8(after));
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        var entries = new LinkedHashMap<String, byte[]>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** The same package with one XML part rewritten. */
    static byte[] rewrite(byte[] zip, String part, UnaryOperator<String> change) throws Exception {
        var entries = unzip(zip);
        if (!entries.containsKey(part)) {
            throw new IllegalArgumentException(part + " not in " + entries.keySet());
        }
        entries.put(part, utf8(change.apply(new String(entries.get(part), StandardCharsets.UTF_8))));
        return zip(entries);
    }

    /** Puts a DOCTYPE right after the XML declaration (or at the start). */
    static String withDoctype(String xml, String doctype) {
        int decl = xml.startsWith("<?xml") ? xml.indexOf("?>") + 2 : 0;
        return xml.substring(0, decl) + doctype + xml.substring(decl);
    }

    static String rootName(String xml) {
        int i = xml.indexOf('<', xml.startsWith("<?xml") ? xml.indexOf("?>") + 2 : 0);
        while (xml.charAt(i + 1) == '!' || xml.charAt(i + 1) == '?') {
            i = xml.indexOf('<', i + 1);
        }
        int end = i + 1;
        while (!Character.isWhitespace(xml.charAt(end)) && xml.charAt(end) != '>' && xml.charAt(end) != '/') {
            end++;
        }
        return xml.substring(i + 1, end);
    }

    static String externalEntity(String root, String url) {
        return "<!DOCTYPE " + root + " [<!ENTITY xxe SYSTEM \"" + url + "\">]>";
    }

    static String parameterEntity(String root, String url) {
        return "<!DOCTYPE " + root + " [<!ENTITY % remote SYSTEM \"" + url + "\"> %remote;]>";
    }

    static String laughs(String root) {
        var sb = new StringBuilder("<!DOCTYPE " + root + " [<!ENTITY lol \"lol\">");
        sb.append("<!ENTITY lol1 \"").append("&lol;".repeat(10)).append("\">");
        for (int i = 2; i <= 9; i++) {
            sb.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10));
            sb.append("\">");
        }
        return sb.append("]>").toString();
    }

    /** Inserts {@code text} (may hold entity references) as the first thing inside {@code <tag ...>}. */
    static String insertAfterOpen(String xml, String tag, String text) {
        int i = xml.indexOf("<" + tag);
        if (i < 0) {
            throw new IllegalArgumentException(tag);
        }
        int end = xml.indexOf('>', i);
        return xml.substring(0, end + 1) + text + xml.substring(end + 1);
    }

    static byte[] xlsx(String text) throws Exception {
        try (var wb = new XSSFWorkbook();
                var out = new ByteArrayOutputStream()) {
            wb.createSheet("Sheet1").createRow(0).createCell(0).setCellValue(text);
            wb.write(out);
            return out.toByteArray();
        }
    }

    static byte[] pptx(String text) throws Exception {
        try (var show = new org.apache.poi.xslf.usermodel.XMLSlideShow();
                var out = new ByteArrayOutputStream()) {
            var box = show.createSlide().createTextBox();
            box.setText(text);
            box.setAnchor(new java.awt.Rectangle(50, 50, 400, 100));
            show.write(out);
            return out.toByteArray();
        }
    }

    static byte[] odt(String contentBody, String doctype) throws Exception {
        String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + doctype
                + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                + "<office:body><office:text>" + contentBody + "</office:text></office:body>"
                + "</office:document-content>";
        return packaged(
                "application/vnd.oasis.opendocument.text",
                "META-INF/manifest.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
                        + "<manifest:file-entry manifest:full-path=\"/\""
                        + " manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                        + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                        + "</manifest:manifest>",
                "content.xml",
                content);
    }

    static byte[] epub(String opfDoctype, String chapterDoctype, String chapterBody) throws Exception {
        return packaged(
                "application/epub+zip",
                "META-INF/container.xml",
                "<?xml version=\"1.0\"?>"
                        + "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
                        + "<rootfiles><rootfile full-path=\"content.opf\" media-type=\"application/oebps-package+xml\"/>"
                        + "</rootfiles></container>",
                "content.opf",
                "<?xml version=\"1.0\"?>" + opfDoctype
                        + "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\" unique-identifier=\"id\">"
                        + "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>T</dc:title>"
                        + "<dc:identifier id=\"id\">x</dc:identifier></metadata>"
                        + "<manifest><item id=\"c1\" href=\"c1.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
                        + "<spine><itemref idref=\"c1\"/></spine></package>",
                "c1.xhtml",
                "<?xml version=\"1.0\"?>" + chapterDoctype
                        + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>c</title></head><body>"
                        + chapterBody
                        + "</body></html>");
    }

    /**
     * A ZIP laid out as ODF and EPUB packages are: the {@code mimetype} entry first, then each entry name followed by
     * its text (UTF-8).
     */
    private static byte[] packaged(String mimetype, String... namesAndTexts) throws Exception {
        var entries = new LinkedHashMap<String, byte[]>();
        entries.put("mimetype", utf8(mimetype));
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            entries.put(namesAndTexts[i], utf8(namesAndTexts[i + 1]));
        }
        return zip(entries);
    }

    /** {@code megabytes} of one repeated XML fragment, deflated as it is written: a small file, a huge part. */
    static byte[] bombPart(String before, String fragment, int megabytes, String after) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var d = new DeflaterOutputStream(out, new Deflater(9))) {
            writeRepeated(d, before, fragment, megabytes, after);
        }
        return out.toByteArray();
    }

    /** A ZIP whose single entry inflates to {@code megabytes} of {@code fragment}, written entry by entry. */
    static byte[] zipBomb(
            Map<String, byte[]> small, String bigName, String before, String fragment, int mb, String after)
            throws Exception {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            zip.setLevel(9);
            putAll(zip, small);
            zip.putNextEntry(new ZipEntry(bigName));
            writeRepeated(zip, before, fragment, mb, after);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] content) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var g = new GZIPOutputStream(out)) {
            g.write(content);
        }
        return out.toByteArray();
    }

    /** {@code count} random single-byte changes past the header, seeded so a failure can be replayed. */
    static byte[] mutate(byte[] original, long seed, int count) {
        byte[] b = Arrays.copyOf(original, original.length);
        var r = new Random(seed);
        for (int i = 0; i < count; i++) {
            int at = 16 + r.nextInt(b.length - 16);
            b[at] = (byte) r.nextInt(256);
        }
        return b;
    }

    static byte[] truncate(byte[] original, double fraction) {
        return Arrays.copyOf(original, (int) (original.length * fraction));
    }

    static byte[] save(PDDocument doc) throws Exception {
        try (doc;
                var out = new ByteArrayOutputStream()) {
            doc.save(out);
            return out.toByteArray();
        }
    }

    static byte[] pdfPages(int pages, String firstPageLine) throws Exception {
        var d = org.apache.pdfbox.Loader.loadPDF(Documents.pdf(java.util.List.of(java.util.List.of(firstPageLine))));
        for (int i = 1; i < pages; i++) {
            d.addPage(new PDPage(PDRectangle.A6));
        }
        return save(d);
    }

    static byte[] pdfWithXfa(String xdp) throws Exception {
        var doc = org.apache.pdfbox.Loader.loadPDF(Documents.pdf(java.util.List.of(java.util.List.of("XFA form"))));
        var form = new PDAcroForm(doc);
        doc.getDocumentCatalog().setAcroForm(form);
        var stream = doc.getDocument().createCOSStream();
        try (var os = stream.createOutputStream()) {
            os.write(utf8(xdp));
        }
        form.getCOSObject().setItem(COSName.XFA, stream);
        return save(doc);
    }

    static byte[] pdfWithLink(String url) throws Exception {
        var doc = org.apache.pdfbox.Loader.loadPDF(Documents.pdf(java.util.List.of(java.util.List.of("Link page"))));
        var link = new PDAnnotationLink();
        link.setRectangle(new PDRectangle(50, 50, 100, 20));
        var action = new PDActionURI();
        action.setURI(url);
        link.setAction(action);
        doc.getPage(0).getAnnotations().add(link);
        return save(doc);
    }

    /** A PDF carrying {@code count} attached files, each {@code attachment}. */
    static byte[] pdfWithAttachments(int count, byte[] attachment, String name) throws Exception {
        var doc = org.apache.pdfbox.Loader.loadPDF(Documents.pdf(java.util.List.of(java.util.List.of("Attachments"))));
        var names = new LinkedHashMap<String, PDComplexFileSpecification>();
        for (int i = 0; i < count; i++) {
            var spec = new PDComplexFileSpecification();
            spec.setFile(i + "-" + name);
            var ef = new PDEmbeddedFile(doc, new ByteArrayInputStream(attachment));
            ef.setSize(attachment.length);
            spec.setEmbeddedFile(ef);
            names.put(i + "-" + name, spec);
        }
        var tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(names);
        var dict = new PDDocumentNameDictionary(doc.getDocumentCatalog());
        dict.setEmbeddedFiles(tree);
        doc.getDocumentCatalog().setNames(dict);
        return save(doc);
    }

    static byte[] encryptedPdf() throws Exception {
        var doc = org.apache.pdfbox.Loader.loadPDF(Documents.pdf(java.util.List.of(java.util.List.of("Secret"))));
        var policy = new StandardProtectionPolicy("owner-pass", "user-pass", new AccessPermission());
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
        return save(doc);
    }

    /** A page whose content stream is {@code ops} unbalanced {@code q} (save graphics state) operators. */
    static byte[] pdfStateBomb(int ops) throws Exception {
        var doc = new PDDocument();
        var page = new PDPage();
        doc.addPage(page);
        var stream = new PDStream(
                doc, new ByteArrayInputStream(utf8("q ".repeat(ops) + "BT /F1 12 Tf ET")), COSName.FLATE_DECODE);
        page.setContents(stream);
        return save(doc);
    }

    /** A hand-written PDF whose page tree lists itself as its own kid. */
    static byte[] pdfCyclicPageTree() {
        return utf8("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
                + "trailer << /Root 1 0 R >>\n%%EOF\n");
    }

    /** A PNG whose header declares {@code side × side} 1-bit pixels; its rows are real, all zero. */
    static byte[] pngBomb(int side) throws Exception {
        var out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        var ihdr = java.nio.ByteBuffer.allocate(13)
                .putInt(side)
                .putInt(side)
                .put((byte) 1)
                .put((byte) 0);
        ihdr.put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        var idat = new ByteArrayOutputStream();
        try (var d = new DeflaterOutputStream(idat, new Deflater(9))) {
            byte[] row = new byte[1 + (side + 7) / 8];
            for (int i = 0; i < side; i++) {
                d.write(row);
            }
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws Exception {
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        var crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** SOI and a baseline frame header declaring 65000 × 65000, then nothing: the decoder never gets pixels. */
    static byte[] jpegHeaderBomb() {
        return new byte[] {
            (byte) 0xFF,
            (byte) 0xD8,
            (byte) 0xFF,
            (byte) 0xE0,
            0,
            16,
            'J',
            'F',
            'I',
            'F',
            0,
            1,
            1,
            0,
            0,
            1,
            0,
            1,
            0,
            0,
            (byte) 0xFF,
            (byte) 0xC0,
            0,
            11,
            8,
            (byte) 0xFD,
            (byte) 0xE8,
            (byte) 0xFD,
            (byte) 0xE8,
            1,
            1,
            0x11,
            0,
            (byte) 0xFF,
            (byte) 0xD9
        };
    }
}
