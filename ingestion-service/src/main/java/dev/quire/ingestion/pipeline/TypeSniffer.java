package dev.quire.ingestion.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.apache.tika.Tika;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;

/**
 * Tells a file's type from its bytes and whether we parse it. The name only tells Markdown, CSV and JSON from plain
 * text, and HTML from plain text or XML when Tika's own name-aware detection says it is HTML (a fragment without
 * {@code <html>}, an XHTML page whose root is past the bytes detection reads).
 */
@ApplicationScoped
@RequiredArgsConstructor
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
            "application/xhtml+xml",
            "application/vnd.wap.xhtml+xml",
            "text/csv");

    /** HTML in its variants, all read by Tika's HTML parser. */
    private static final Set<String> HTML =
            Set.of("text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml");

    private static final Set<String> IMAGES = Set.of("image/png", "image/jpeg", "image/tiff");

    /** What a refusal tells the user Quire reads, in the order a user thinks of them. */
    private static final Map<String, List<String>> KINDS = kinds();

    private final Tika tika = new Tika();
    private final Parser parser;

    /** The detected media type, without parameters. */
    public String sniff(byte[] bytes, String filename) {
        String type;
        try (var in = TikaInputStream.get(bytes)) {
            type = tika.getDetector().detect(in, new Metadata()).getBaseType().toString();
        } catch (IOException e) {
            type = "application/octet-stream";
        }
        String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        if (type.equals("text/plain") || type.equals("application/xml")) {
            String named = detectWithName(bytes, filename);
            if (HTML.contains(named)) {
                return named;
            }
        }
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
            String named = detectWithName(bytes, filename);
            return named == null ? type : named;
        }
        return type;
    }

    /** Tika's detection with the file name as a hint, or null when the bytes cannot be read. */
    private String detectWithName(byte[] bytes, String filename) {
        try (var in = TikaInputStream.get(bytes)) {
            var meta = new Metadata();
            meta.set("resourceName", filename);
            return tika.getDetector().detect(in, meta).getBaseType().toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Images only when OCR is on: without it they carry no text to index. */
    public boolean parseable(String type) {
        return PARSEABLE.contains(type) || (parser.ocr() && IMAGES.contains(type));
    }

    /**
     * The detail of a 415: the type found and what to convert the file to, listing only what this deployment reads
     * (images only with OCR).
     */
    public String refusal(String filename, String type) {
        return filename + " is " + type + ", which Quire cannot read: convert it to " + acceptedKinds()
                + " and upload it again";
    }

    /** "PDF, DOCX, …, HTML/XHTML, Markdown, … or plain text", from the types {@link #parseable} accepts. */
    public String acceptedKinds() {
        List<String> names = new ArrayList<>();
        KINDS.forEach((kind, types) -> {
            if (types.stream().anyMatch(this::parseable)) {
                names.add(kind);
            }
        });
        return names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static Map<String, List<String>> kinds() {
        var k = new LinkedHashMap<String, List<String>>();
        k.put("PDF", List.of("application/pdf"));
        k.put("DOCX", List.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        k.put("DOC", List.of("application/msword"));
        k.put("ODT", List.of("application/vnd.oasis.opendocument.text"));
        k.put("RTF", List.of("application/rtf"));
        k.put("PPTX", List.of("application/vnd.openxmlformats-officedocument.presentationml.presentation"));
        k.put("XLSX", List.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        k.put("EPUB", List.of("application/epub+zip"));
        k.put("HTML/XHTML", List.copyOf(HTML));
        k.put("Markdown", List.of("text/markdown"));
        k.put("CSV", List.of("text/csv"));
        k.put("JSON", List.of("application/json"));
        k.put("e-mail (EML)", List.of("message/rfc822"));
        k.put("images (PNG, JPEG, TIFF)", List.copyOf(IMAGES));
        k.put("plain text", List.of("text/plain"));
        return k;
    }
}
