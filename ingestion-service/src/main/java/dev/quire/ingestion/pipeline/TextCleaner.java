package dev.quire.ingestion.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cleans extracted text before it is chunked. In a paged document (every section has a page: PDF) the running
 * headers and footers go: a line among the first or last {@value #EDGE_LINES} lines of a page that, with its digits
 * ignored, stands there on at least half of the pages (rounded down) and on at least {@value #MIN_PAGES}, and a
 * page edge line that is only a page number ("12", "— 12 —", "Page 3 of 10", "iv"). End-of-line hyphenation is
 * repaired in every format but CSV and JSON ("informa-⏎tion" becomes "information" when the next line starts with a
 * lowercase letter; "well-⏎Known" and "ISO-⏎9660" stay), also across a page break within one section; soft hyphens
 * are dropped.
 */
final class TextCleaner {
    /** Lines at the top and at the bottom of a page where running headers, footers and page numbers are looked for. */
    static final int EDGE_LINES = 3;

    /** Fewest pages a line must repeat on to count as a running header or footer. */
    static final int MIN_PAGES = 3;

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    // dashes, bullets, brackets and bars that decorate a page number
    private static final String DECOR = "[\\s\\p{Pd}~·•|*\\[\\](){}<>«»]*";

    /** A line that is only a page number: "7", "- 7 -", "Page 7", "p. 7 / 20", "7 of 20", "[7]", "xiv". */
    private static final Pattern PAGE_NUMBER = Pattern.compile(DECOR
            + "(?:(?i:page|pg\\.?|p\\.|seite|s\\.|página|pagina|pág\\.|pag\\.)\\s*)?"
            + "(?:\\d{1,4}|(?=[ivxl])l?x{0,3}(?:ix|iv|v?i{0,3}))"
            + "(?:\\s*(?:(?i:of|von|de|sur|di)|/)\\s*\\d{1,4})?"
            + DECOR);

    private static final Pattern HYPHEN_BREAK = Pattern.compile("(\\p{L})[-\\u2010][ \\t]*\\n[ \\t]*(\\p{Ll})");
    private static final Pattern SOFT_HYPHEN_BREAK = Pattern.compile("\\u00AD[ \\t]*\\n[ \\t]*");
    private static final Pattern FIRST_WORD = Pattern.compile("^(\\p{Ll}\\S*)\\s*");

    private TextCleaner() {}

    /** The document as it is chunked: running lines dropped (paged documents), hyphenation repaired. */
    static ParsedDocument clean(ParsedDocument doc, String contentType) {
        ParsedDocument out = paged(doc) ? dropRunningLines(doc) : doc;
        if (contentType == null
                || !(contentType.startsWith("text/csv") || contentType.startsWith("application/json"))) {
            out = repairHyphenation(out);
        }
        return out;
    }

    private static boolean paged(ParsedDocument doc) {
        return !doc.sections().isEmpty() && doc.sections().stream().allMatch(s -> s.page() != null);
    }

    /** A page's line, by section and line index. */
    private record Line(int section, int line) {}

    /** Drops running headers, footers and page numbers from the pages' edges (see the class comment). */
    static ParsedDocument dropRunningLines(ParsedDocument doc) {
        List<ParsedDocument.Section> sections = doc.sections();
        List<String[]> lines = new ArrayList<>();
        Map<Integer, List<Line>> pages = new LinkedHashMap<>();
        for (int s = 0; s < sections.size(); s++) {
            String[] ls = sections.get(s).text().split("\n", -1);
            lines.add(ls);
            var page = pages.computeIfAbsent(sections.get(s).page(), p -> new ArrayList<>());
            for (int l = 0; l < ls.length; l++) {
                if (!ls[l].isBlank()) {
                    page.add(new Line(s, l));
                }
            }
        }
        Map<Integer, List<Line>> edges = new LinkedHashMap<>();
        Map<String, Set<Integer>> seenOn = new HashMap<>();
        pages.forEach((page, pageLines) -> {
            List<Line> edge = new ArrayList<>();
            for (int i = 0; i < pageLines.size(); i++) {
                if (i < EDGE_LINES || i >= pageLines.size() - EDGE_LINES) {
                    edge.add(pageLines.get(i));
                }
            }
            edges.put(page, edge);
            for (Line l : edge) {
                seenOn.computeIfAbsent(normalise(lines.get(l.section())[l.line()]), k -> new HashSet<>())
                        .add(page);
            }
        });
        int needed = Math.max(MIN_PAGES, pages.size() / 2);
        boolean changed = false;
        for (List<Line> edge : edges.values()) {
            for (Line l : edge) {
                String text = lines.get(l.section())[l.line()];
                if (isPageNumber(text) || seenOn.get(normalise(text)).size() >= needed) {
                    lines.get(l.section())[l.line()] = null;
                    changed = true;
                }
            }
        }
        if (!changed) {
            return doc;
        }
        List<ParsedDocument.Section> out = new ArrayList<>();
        for (int s = 0; s < sections.size(); s++) {
            var kept = new StringBuilder();
            for (String l : lines.get(s)) {
                if (l != null) {
                    kept.append(l).append('\n');
                }
            }
            String t = kept.toString().replaceAll("\\n\\s*\\n\\s*\\n+", "\n\n").strip();
            if (!t.isEmpty()) {
                var section = sections.get(s);
                out.add(new ParsedDocument.Section(section.page(), section.title(), t));
            }
        }
        return new ParsedDocument(List.copyOf(out), doc.truncated());
    }

    /** A line compared across pages: digits as {@code #}, case and runs of white space ignored. */
    static String normalise(String line) {
        return SPACES.matcher(
                        DIGITS.matcher(line.strip().toLowerCase(Locale.ROOT)).replaceAll("#"))
                .replaceAll(" ");
    }

    static boolean isPageNumber(String line) {
        String l = line.strip();
        return !l.isEmpty() && PAGE_NUMBER.matcher(l).matches() && l.chars().anyMatch(Character::isLetterOrDigit);
    }

    /** Joins words hyphenated at a line end, within each section and across a page break of one section. */
    static ParsedDocument repairHyphenation(ParsedDocument doc) {
        List<ParsedDocument.Section> out = new ArrayList<>();
        for (var s : doc.sections()) {
            out.add(new ParsedDocument.Section(s.page(), s.title(), repairHyphenation(s.text())));
        }
        for (int i = 0; i + 1 < out.size(); i++) {
            var a = out.get(i);
            var b = out.get(i + 1);
            if (a.page() == null
                    || Objects.equals(a.page(), b.page())
                    || !Objects.equals(a.title(), b.title())
                    || !endsHyphenated(a.text())) {
                continue;
            }
            var first = FIRST_WORD.matcher(b.text());
            if (!first.find()) {
                continue;
            }
            out.set(
                    i,
                    new ParsedDocument.Section(
                            a.page(), a.title(), a.text().substring(0, a.text().length() - 1) + first.group(1)));
            String rest = b.text().substring(first.end()).strip();
            if (rest.isEmpty()) {
                out.remove(i + 1);
            } else {
                out.set(i + 1, new ParsedDocument.Section(b.page(), b.title(), rest));
            }
        }
        return new ParsedDocument(List.copyOf(out), doc.truncated());
    }

    private static boolean endsHyphenated(String t) {
        int n = t.length();
        return n >= 2 && (t.charAt(n - 1) == '-' || t.charAt(n - 1) == '\u2010') && Character.isLetter(t.charAt(n - 2));
    }

    /** "informa-⏎tion" → "information" (next line lowercase); soft hyphens dropped. */
    static String repairHyphenation(String text) {
        String t = SOFT_HYPHEN_BREAK.matcher(text).replaceAll("").replace("\u00AD", "");
        return HYPHEN_BREAK.matcher(t).replaceAll("$1$2");
    }
}
