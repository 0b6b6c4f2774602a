package dev.quire.ingestion.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Collects Tika's XHTML into {@link ParsedDocument.Section}s: a PDF's {@code <div class="page">} starts a new page,
 * an {@code <h1..h6>} a new section whose title is the heading path ("Installation > Configuring the network": the
 * heading under the nearest enclosing headings of higher levels; HTML, XHTML, DOCX, ODT, EPUB). Past {@code limit}
 * characters it ends the parse (the text so far is kept, marked truncated); every event also asks the
 * {@link ParseGuard} whether the parse may go on.
 */
class SectionCollector extends DefaultHandler {
    private static final Set<String> BLOCKS =
            Set.of("p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "title");

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0E-\\x1F\\x7F\\uFFFD\\uFFFE\\uFFFF]");

    // a run of 100 non-space characters (base64, a hash, a hostile single "word") is cut so chunks stay small
    private static final Pattern LONG_RUN = Pattern.compile("(\\S{100})(?=\\S)");

    // 20+ symbols in a row (JSON/HTML nesting, ASCII art, rules) carry nothing to search and would fill chunks
    private static final Pattern SYMBOL_RUN = Pattern.compile("[\\p{Punct}\\p{S}]{20,}");

    /** Separator of a heading path's titles. */
    static final String PATH_SEPARATOR = " > ";

    /** Longest heading title, and longest heading path (leading titles are dropped to fit). */
    static final int MAX_TITLE = 200;

    static final int MAX_PATH = 300;

    private final int limit;
    private final ParseGuard guard;
    private final List<ParsedDocument.Section> sections = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder heading = new StringBuilder();
    private Integer page;
    private String title;
    private final List<String> path = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();
    private int headingLevel;
    private boolean inHeading;
    private boolean inHead;
    private int total;
    private boolean truncated;

    SectionCollector(int limit) {
        this(limit, ParseGuard.none());
    }

    SectionCollector(int limit, ParseGuard guard) {
        this.limit = limit;
        this.guard = guard;
    }

    private void check() throws ParseGuard.LimitReached {
        if (truncated) {
            throw new ParseGuard.LimitReached("text cap of " + limit + " characters reached", true);
        }
        guard.tick();
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts)
            throws ParseGuard.LimitReached {
        check();
        String name = localName.isEmpty() ? qName : localName;
        if (name.equals("div") && "ocr".equals(atts.getValue("class"))) {
            guard.ocrPage();
        }
        if (name.equals("head")) {
            inHead = true;
        } else if (name.equals("div") && "page".equals(atts.getValue("class"))) {
            flush();
            page = page == null ? 1 : page + 1;
        } else if (isHeading(name)) {
            flush();
            inHeading = true;
            headingLevel = name.charAt(1) - '0';
            heading.setLength(0);
        }
        if (BLOCKS.contains(name)) {
            text.append('\n');
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = localName.isEmpty() ? qName : localName;
        if (name.equals("head")) {
            inHead = false;
        } else if (inHeading && isHeading(name)) {
            inHeading = false;
            String h = CONTROL.matcher(heading)
                    .replaceAll("")
                    .replaceAll("\\s+", " ")
                    .strip();
            if (!h.isEmpty()) {
                title = enter(path, levels, headingLevel, h);
            }
        }
        if (BLOCKS.contains(name)) {
            text.append('\n');
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws ParseGuard.LimitReached {
        check();
        if (inHead) {
            return;
        }
        if (total + length > limit) {
            truncated = true;
            length = Math.max(0, limit - total);
        }
        total += length;
        guard.extracted(total);
        text.append(ch, start, length);
        if (inHeading) {
            heading.append(ch, start, length);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws ParseGuard.LimitReached {
        characters(ch, start, length);
    }

    private static boolean isHeading(String name) {
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6';
    }

    /**
     * Puts a heading of {@code level} into the path (replacing the headings of its level and below) and returns the
     * path as a section title.
     */
    static String enter(List<String> path, List<Integer> levels, int level, String heading) {
        while (!levels.isEmpty() && levels.get(levels.size() - 1) >= level) {
            levels.remove(levels.size() - 1);
            path.remove(path.size() - 1);
        }
        levels.add(level);
        path.add(heading.length() > MAX_TITLE ? heading.substring(0, MAX_TITLE) : heading);
        int from = 0;
        String joined = String.join(PATH_SEPARATOR, path);
        while (joined.length() > MAX_PATH && from < path.size() - 1) {
            from++;
            joined = String.join(PATH_SEPARATOR, path.subList(from, path.size()));
        }
        return joined;
    }

    private void flush() {
        // NUL cannot be stored in PostgreSQL text; control and replacement characters mean nothing to a search
        String t = LONG_RUN.matcher(
                        SYMBOL_RUN.matcher(CONTROL.matcher(text).replaceAll("")).replaceAll(" "))
                .replaceAll("$1 ")
                .replaceAll("[ \\t\\x0B\\f\\r]+", " ")
                .replaceAll("\\n\\s*\\n\\s*\\n+", "\n\n")
                .strip();
        if (!t.isEmpty()) {
            sections.add(new ParsedDocument.Section(page, title, t));
        }
        text.setLength(0);
    }

    /** The parse was stopped by a limit that keeps the text so far. */
    void markTruncated() {
        truncated = true;
    }

    ParsedDocument result() {
        flush();
        return new ParsedDocument(List.copyOf(sections), truncated || guard.cut());
    }
}
