package dev.quire.ingestion.pipeline;

import dev.quire.ingestion.config.IngestionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.metadata.Metadata;
import org.jboss.logging.Logger;

/**
 * Extracts text with Tika under limits: a deadline per parse on an abandonable thread ({@link ParseRunner}), a text
 * cap, an OCR page budget, embedded-document depth and count, decompression-bomb and nesting checks
 * ({@link TikaSetup}). Every failure becomes a {@link ParseFailure} with a reason a user can read.
 * One class because a parse and its failure handling are one operation: the deadline, the OCR decision and the limit
 * guards are set up per parse here, and whatever any of them throws becomes a {@link ParseFailure} in one place.
 */
@ApplicationScoped
public class Parser {
    /** A document that cannot be parsed, with a reason a user can read. */
    public static class ParseFailure extends Exception {
        public ParseFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = Logger.getLogger(Parser.class);
    // an ATX heading, its optional closing #s (after a space) not part of the title
    private static final Pattern MD_HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)(?:\\s+#+)?$");
    private static final Pattern MD_FENCE = Pattern.compile("^(```|~~~).*");

    private final IngestionConfig config;
    private final TikaSetup tika;
    private final ParseRunner runner;

    public Parser(IngestionConfig config) {
        this.config = config;
        this.tika = new TikaSetup(config);
        this.runner = new ParseRunner(config.parseThreads(), config.maxAbandonedParses());
    }

    /** Whether images and scanned PDF pages are read with OCR here. */
    public boolean ocr() {
        return tika.ocr();
    }

    public ParseRunner runner() {
        return runner;
    }

    public ParsedDocument parse(byte[] bytes, String contentType, String filename) throws ParseFailure {
        long deadline = System.nanoTime() + config.parseTimeout().toNanos();
        try {
            return runner.run(
                    () -> {
                        ParsedDocument doc = extract(bytes, contentType, filename, deadline);
                        return TextCleaner.clean(
                                contentType.contains("markdown") ? markdownSections(doc) : doc, contentType);
                    },
                    config.parseTimeout());
        } catch (TimeoutException e) {
            throw new ParseFailure(
                    "parsing took longer than " + config.parseTimeout().toSeconds() + " s", e);
        } catch (ParseRunner.BusyException e) {
            throw new ParseFailure("the parser is overloaded: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseFailure("interrupted", e);
        } catch (Exception e) {
            throw failure(e.getCause() == null ? e : e.getCause());
        }
    }

    private ParsedDocument extract(byte[] bytes, String contentType, String filename, long deadline) throws Exception {
        if (contentType.startsWith("image/")) {
            tika.checkImage(bytes);
        }
        var handler = new SectionCollector(
                config.maxExtractedChars(),
                new ParseGuard(deadline, config.maxOcrPages(), bytes.length, config.maxCompressionRatio()));
        var meta = new Metadata();
        meta.set(Metadata.CONTENT_TYPE, contentType);
        meta.set("resourceName", filename);
        try {
            tika.parser()
                    .parse(
                            new InterruptibleInputStream(new ByteArrayInputStream(bytes)),
                            handler,
                            meta,
                            tika.context(ocrAllowed(bytes, contentType)));
        } catch (Exception e) {
            var limit = find(e, ParseGuard.LimitReached.class);
            if (limit == null || !limit.keepText) {
                throw e;
            }
            LOG.debugf("%s: %s; keeping the text so far", filename, limit.getMessage());
            handler.markTruncated();
        }
        return handler.result();
    }

    /**
     * OCR costs about a second per page: a PDF with more pages than {@code maxOcrPages} is read from its text layer
     * only, so a few KB of blank pages cannot buy hours of OCR. Counting pages reads only the page tree.
     */
    private boolean ocrAllowed(byte[] bytes, String contentType) {
        if (!tika.ocr() || !contentType.equals("application/pdf")) {
            return tika.ocr();
        }
        try (var pdf = Loader.loadPDF(bytes)) {
            return pdf.getNumberOfPages() <= config.maxOcrPages();
        } catch (Exception | LinkageError e) {
            return false; // encrypted or broken: the parse itself will say why
        }
    }

    /** Turns what Tika threw into a reason for the document's status. */
    static ParseFailure failure(Throwable t) {
        var l = find(t, ParseGuard.LimitReached.class);
        if (l != null) {
            return new ParseFailure(
                    l.getMessage().startsWith("decompression") ? l.getMessage() : "parsing stopped: " + l.getMessage(),
                    t);
        }
        if (find(t, EncryptedDocumentException.class) != null) {
            return new ParseFailure("the file is encrypted or password protected", t);
        }
        if (find(t, ZeroByteFileException.class) != null) {
            return new ParseFailure("the file is empty", t);
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getClass().getName().contains("ZipBomb")
                    || String.valueOf(c.getMessage())
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("zip bomb")) {
                String m = String.valueOf(c.getMessage());
                return new ParseFailure(
                        "refused as a likely decompression bomb: " + (m.length() > 300 ? m.substring(0, 300) : m), t);
            }
        }
        String text = "the file could not be parsed: " + rootMessage(t);
        return new ParseFailure(text.length() > 500 ? text.substring(0, 500) : text, t);
    }

    /**
     * The deepest message in the cause chain: Tika's own wrappers ("TIKA-198: Illegal IOException from
     * ...PDFParser@1a2b") say less than the parser's reason underneath. First line only, object hashes removed.
     */
    static String rootMessage(Throwable t) {
        String msg = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                msg = c.getMessage();
            }
        }
        if (msg == null) {
            return t.getClass().getSimpleName();
        }
        return msg.lines()
                .findFirst()
                .orElse("")
                .replaceAll("@[0-9a-f]{4,}", "")
                .strip();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c instanceof org.xml.sax.SAXException s
                    && s.getException() != null
                    && type.isInstance(s.getException())) {
                return type.cast(s.getException());
            }
        }
        return null;
    }

    /**
     * Tika reads Markdown as plain text: its {@code #} headings become heading paths here, as HTML headings do in
     * {@link SectionCollector} ({@code #} lines inside fenced code are no headings).
     */
    static ParsedDocument markdownSections(ParsedDocument doc) {
        List<ParsedDocument.Section> out = new ArrayList<>();
        List<String> path = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        boolean fenced = false;
        for (var s : doc.sections()) {
            String title = s.title();
            var buf = new StringBuilder();
            for (String line : s.text().split("\n")) {
                if (MD_FENCE.matcher(line.strip()).matches()) {
                    fenced = !fenced;
                }
                var m = MD_HEADING.matcher(line.strip());
                if (!fenced && m.matches()) {
                    if (!buf.toString().isBlank()) {
                        out.add(new ParsedDocument.Section(
                                s.page(), title, buf.toString().strip()));
                    }
                    buf.setLength(0);
                    title = SectionCollector.enter(
                            path, levels, m.group(1).length(), m.group(2).strip());
                }
                buf.append(line).append('\n');
            }
            if (!buf.toString().isBlank()) {
                out.add(new ParsedDocument.Section(
                        s.page(), title, buf.toString().strip()));
            }
        }
        return new ParsedDocument(out, doc.truncated());
    }
}
