package dev.quire.retrieval.search;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tokens of a question that look like exact identifiers ({@code Z_BUF_ERROR}, {@code update-mime-database},
 * {@code deflateInit2}, {@code E2BIG}, {@code build.ninja}): neither leg ranks them reliably, because the full-text
 * parser splits them into common words and MiniLM embeds their pieces, so hybrid search looks them up verbatim.
 */
public final class Identifiers {
    /** At most this many identifiers of one question are looked up (each is one bounded scan). */
    public static final int MAX = 4;

    private static final Pattern EDGE = Pattern.compile(
            "^[[\\p{Punct}\u2018\u2019\u201C\u201D]&&[^-_]]+|[[\\p{Punct}\u2018\u2019\u201C\u201D]&&[^_]]+$");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    private static final Pattern INNER_SEPARATOR = Pattern.compile("[\\p{L}\\d][-./:][\\p{L}\\d]");
    private static final Pattern CAMEL = Pattern.compile("\\p{Ll}\\p{Lu}");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final Pattern ORDINAL_OR_DECADE = Pattern.compile("\\d+(st|nd|rd|th|s)");
    private static final Pattern UPPER = Pattern.compile("[\\p{Lu}\\d]{4,}");

    private Identifiers() {}

    /** The identifier-like tokens of the query, in order, without repeats, at most {@link #MAX}. */
    public static List<String> of(String query) {
        var out = new LinkedHashSet<String>();
        for (String raw : query.split("[\\s,;]+")) {
            String t = EDGE.matcher(raw).replaceAll("");
            // a leading "--" or "-" belongs to an option (--ultra), other leading dashes to the prose
            if (t.length() < 4 || t.length() > 100 || !LETTER.matcher(t).find()) {
                continue;
            }
            if (looksLikeIdentifier(t)) {
                out.add(t);
            }
            if (out.size() == MAX) {
                break;
            }
        }
        return List.copyOf(out);
    }

    static boolean looksLikeIdentifier(String t) {
        if (t.indexOf('_') >= 0 || t.startsWith("-")) {
            return true;
        }
        if (INNER_SEPARATOR.matcher(t).find() || CAMEL.matcher(t).find()) {
            return true;
        }
        if (DIGIT.matcher(t).find()) {
            return !ORDINAL_OR_DECADE.matcher(t).matches();
        }
        return UPPER.matcher(t).matches();
    }
}
