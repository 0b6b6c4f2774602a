package dev.quire.ingestion.pipeline;

import dev.quire.ingestion.config.IngestionConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;

/** Extracts text with Tika on a bounded pool, with a timeout so a runaway parse cannot hold the worker. */
@ApplicationScoped
public class Parser {
    /** A document that cannot be parsed, with a reason a user can read. */
    public static class ParseFailure extends Exception {
        public ParseFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Pattern MD_HEADING = Pattern.compile("^#{1,6}\\s+(.+)$");

    private final AutoDetectParser tika = new AutoDetectParser();
    private final ExecutorService pool;
    private final IngestionConfig config;

    public Parser(IngestionConfig config) {
        this.config = config;
        this.pool = Executors.newFixedThreadPool(config.parseThreads(), r -> {
            var t = new Thread(r, "tika-parse");
            t.setDaemon(true);
            return t;
        });
    }

    public ParsedDocument parse(byte[] bytes, String contentType, String filename) throws ParseFailure {
        var future = pool.submit(() -> {
            var handler = new SectionCollector(config.maxExtractedChars());
            var meta = new Metadata();
            meta.set(Metadata.CONTENT_TYPE, contentType);
            meta.set("resourceName", filename);
            tika.parse(new ByteArrayInputStream(bytes), handler, meta, new ParseContext());
            return handler.result();
        });
        try {
            ParsedDocument doc = future.get(config.parseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return contentType.contains("markdown") ? markdownSections(doc) : doc;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ParseFailure(
                    "parsing took longer than " + config.parseTimeout().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseFailure("interrupted", e);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ParseFailure(
                    "the file could not be parsed: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    cause);
        }
    }

    /** Tika reads Markdown as plain text: its {@code #} headings become section titles here. */
    private static ParsedDocument markdownSections(ParsedDocument doc) {
        List<ParsedDocument.Section> out = new ArrayList<>();
        for (var s : doc.sections()) {
            String title = s.title();
            var buf = new StringBuilder();
            for (String line : s.text().split("\n")) {
                var m = MD_HEADING.matcher(line.strip());
                if (m.matches()) {
                    if (!buf.toString().isBlank()) {
                        out.add(new ParsedDocument.Section(
                                s.page(), title, buf.toString().strip()));
                    }
                    buf.setLength(0);
                    title = m.group(1).strip();
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

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }
}
