package dev.quire.ingestion.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Collects Tika's XHTML into {@link ParsedDocument.Section}s: a PDF's {@code <div class="page">} starts a new page,
 * an {@code <h1..h6>} a new section title. Stops collecting past {@code limit} characters.
 */
class SectionCollector extends DefaultHandler {
    private static final Set<String> BLOCKS =
            Set.of("p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "title");

    private final int limit;
    private final List<ParsedDocument.Section> sections = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder heading = new StringBuilder();
    private Integer page;
    private String title;
    private boolean inHeading;
    private boolean inHead;
    private int total;
    private boolean truncated;

    SectionCollector(int limit) {
        this.limit = limit;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        String name = localName.isEmpty() ? qName : localName;
        if (name.equals("head")) {
            inHead = true;
        } else if (name.equals("div") && "page".equals(atts.getValue("class"))) {
            flush();
            page = page == null ? 1 : page + 1;
        } else if (name.length() == 2 && name.charAt(0) == 'h' && Character.isDigit(name.charAt(1))) {
            flush();
            inHeading = true;
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
        } else if (inHeading && name.length() == 2 && name.charAt(0) == 'h' && Character.isDigit(name.charAt(1))) {
            inHeading = false;
            String h = heading.toString().strip();
            if (!h.isEmpty()) {
                title = h.length() > 200 ? h.substring(0, 200) : h;
            }
        }
        if (BLOCKS.contains(name)) {
            text.append('\n');
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (inHead) {
            return;
        }
        if (total + length > limit) {
            truncated = true;
            length = Math.max(0, limit - total);
        }
        total += length;
        text.append(ch, start, length);
        if (inHeading) {
            heading.append(ch, start, length);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        characters(ch, start, length);
    }

    private void flush() {
        String t = text.toString()
                .replaceAll("[ \\t\\x0B\\f\\r]+", " ")
                .replaceAll("\\n\\s*\\n\\s*\\n+", "\n\n")
                .strip();
        if (!t.isEmpty()) {
            sections.add(new ParsedDocument.Section(page, title, t));
        }
        text.setLength(0);
    }

    ParsedDocument result() {
        flush();
        return new ParsedDocument(List.copyOf(sections), truncated);
    }
}
