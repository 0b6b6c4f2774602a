package dev.quire.ingestion.pipeline;

import dev.quire.ingestion.config.IngestionConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.AutoDetectParserConfig;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.ocr.TesseractOCRParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.jboss.logging.Logger;

/**
 * Tika as Quire runs it: one {@link AutoDetectParser} whose {@code SecureContentHandler} checks compression ratio,
 * element nesting and archive depth, and a fresh {@link ParseContext} per parse carrying the PDF, OCR and
 * embedded-document limits. Tika's XML parsing is its hardened default (no DTDs fetched, no external entities,
 * entity expansion capped), which Tika ≥ 3.2.2 also applies to PDF XFA forms.
 */
final class TikaSetup {
    private static final Logger LOG = Logger.getLogger(TikaSetup.class);

    private final IngestionConfig config;
    private final AutoDetectParser parser;
    private final boolean ocr;

    TikaSetup(IngestionConfig config) {
        this.config = config;
        this.parser = new AutoDetectParser();
        var secure = new AutoDetectParserConfig();
        secure.setOutputThreshold(1_000_000);
        secure.setMaximumCompressionRatio(100);
        secure.setMaximumDepth(config.maxElementDepth());
        secure.setMaximumPackageEntryDepth(config.maxEmbeddedDepth() + 1);
        parser.setAutoDetectParserConfig(secure);
        this.ocr = config.ocr() && tesseractInstalled();
        LOG.infof("OCR with tesseract: %s", ocr ? "on" : "off");
    }

    private static boolean tesseractInstalled() {
        try {
            return new TesseractOCRParser().hasTesseract();
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    boolean ocr() {
        return ocr;
    }

    AutoDetectParser parser() {
        return parser;
    }

    /** A context for one parse; {@code ocrThisFile} false keeps OCR off even where it is installed. */
    ParseContext context(boolean ocrThisFile) {
        var context = new ParseContext();
        context.set(Parser.class, parser);
        context.set(
                EmbeddedDocumentExtractor.class,
                new LimitedEmbeddedExtractor(context, config.maxEmbeddedDepth(), config.maxEmbeddedDocuments()));

        var pdf = new PDFParserConfig();
        pdf.setExtractInlineImages(false);
        pdf.setExtractActions(false);
        pdf.setMaxMainMemoryBytes(config.pdfMaxMainMemoryBytes());
        // OCR only the pages that have (almost) no text layer: scans, photographed pages
        pdf.setOcrStrategy(
                ocr && ocrThisFile ? PDFParserConfig.OCR_STRATEGY.AUTO : PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setOcrDPI(200);
        context.set(PDFParserConfig.class, pdf);

        var office = new OfficeParserConfig();
        // streaming (SAX) readers: the DOM ones hold a whole document.xml in memory, a bomb's too
        office.setUseSAXDocxExtractor(true);
        office.setUseSAXPptxExtractor(true);
        office.setExtractMacros(false);
        context.set(OfficeParserConfig.class, office);

        var tesseract = new TesseractOCRConfig();
        tesseract.setSkipOcr(!(ocr && ocrThisFile));
        tesseract.setLanguage("eng");
        tesseract.setTimeoutSeconds((int) Math.max(1, config.ocrTimeout().toSeconds()));
        tesseract.setMaxFileSizeToOcr(64L * 1024 * 1024);
        context.set(TesseractOCRConfig.class, tesseract);
        return context;
    }

    /**
     * Refuses an image whose header announces more than {@code maxImagePixels}: a few KB of PNG can decode to
     * gigabytes. Reads only the header; a header ImageIO cannot read is left to the parser.
     */
    void checkImage(byte[] bytes) throws IOException {
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            var readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return;
            }
            var reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > config.maxImagePixels()) {
                    throw new IOException("the image has " + pixels + " pixels, more than the "
                            + config.maxImagePixels() + " Quire reads");
                }
            } finally {
                reader.dispose();
            }
        }
    }
}
