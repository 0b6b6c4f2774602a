package dev.quire.ingestion.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;

/**
 * Tells a file's type from its bytes (the name only tells Markdown, CSV and JSON from plain text) and whether we
 * parse it.
 */
@ApplicationScoped
public class TypeSniffer {
    private static final Set<String> PARSEABLE = Set.of(
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.oasis.opendocument.text",
            "application/msword",
            "application/rtf",
            "application/epub+zip",
            "application/json",
            "message/rfc822",
            "text/plain",
            "text/markdown",
            "text/html",
            "text/csv");

    private static final Set<String> IMAGES = Set.of("image/png", "image/jpeg", "image/tiff");

    private final Tika tika = new Tika();
    private final Parser parser;

    public TypeSniffer(Parser parser) {
        this.parser = parser;
    }

    /** The detected media type, without parameters. */
    public String sniff(byte[] bytes, String filename) {
        String type;
        try (var in = TikaInputStream.get(bytes)) {
            type = tika.getDetector().detect(in, new Metadata()).getBaseType().toString();
        } catch (IOException e) {
            type = "application/octet-stream";
        }
        String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        if (type.equals("text/plain")) {
            if (name.endsWith(".md") || name.endsWith(".markdown")) {
                return "text/markdown";
            }
            if (name.endsWith(".csv")) {
                return "text/csv";
            }
            if (name.endsWith(".json")) {
                return "application/json";
            }
        }
        if (type.equals("application/x-tika-ooxml") || type.equals("application/zip")) {
            // the container detector needs the name hint for some producers' OOXML files
            try (var in = TikaInputStream.get(bytes)) {
                var meta = new Metadata();
                meta.set("resourceName", filename);
                type = tika.getDetector().detect(in, meta).getBaseType().toString();
            } catch (IOException e) {
                return type;
            }
        }
        return type;
    }

    /** Images only when OCR is on: without it they carry no text to index. */
    public boolean parseable(String type) {
        return PARSEABLE.contains(type) || (parser.ocr() && IMAGES.contains(type));
    }
}
