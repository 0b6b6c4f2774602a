package dev.quire.chat.agent;

import dev.quire.contracts.api.SearchHit;
import dev.quire.contracts.chat.Citation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks an answer's {@code [n]} markers against the sources it was given: only real sources become citations, each
 * with the passage of its source that the sentences citing it draw on.
 */
public final class Citations {
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3})]");
    /** The most characters of a source a citation shows. */
    public static final int SNIPPET = 280;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]{3,}");
    /** Where a sentence of a source starts: after . ! ? or a line break (and the text's start). */
    private static final Pattern SENTENCE_START = Pattern.compile("(?<=[.!?])\\s+(?=\\S)|\\n\\s*(?=\\S)");

    private static final Set<String> COMMON = Set.of(
            "the", "and", "for", "are", "was", "were", "with", "that", "this", "from", "may", "can", "not", "you",
            "your", "has", "have", "its", "into", "than", "then", "there", "their", "they", "but", "all", "any");

    private Citations() {}

    /** The citations an answer may show, and the markers that point at no source given to the model. */
    public record Checked(List<Citation> items, List<Integer> unsupported) {}

    /** Validates and lists the unsupported markers ({@code [7]} when only 3 sources were given), each once. */
    public static Checked check(String answer, List<SearchHit> sources) {
        var bad = new TreeSet<Integer>();
        var m = MARKER.matcher(answer);
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n < 1 || n > sources.size()) {
                bad.add(n);
            }
        }
        return new Checked(validate(answer, sources), List.copyOf(bad));
    }

    /** An answer and its sources, numbered again. */
    public record Renumbered(String answer, List<SearchHit> sources) {}

    /**
     * The answer's sources numbered again in the order the answer first cites them, the sources it does not cite
     * after them, and its markers rewritten to match: the offline answer quotes the best sentences, not the first
     * sources, so it read "[1] … [3]" with no [2] in sight. (A model's answer streams as it is written: its numbers
     * stay the search's order.) Markers naming no source are left for {@link #check} to report.
     */
    public static Renumbered inCitationOrder(String answer, List<SearchHit> sources) {
        var order = new ArrayList<Integer>();
        var m = MARKER.matcher(answer);
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= sources.size() && !order.contains(n)) {
                order.add(n);
            }
        }
        for (int n = 1; n <= sources.size(); n++) {
            if (!order.contains(n)) {
                order.add(n);
            }
        }
        int[] renumbered = new int[sources.size() + 1];
        var ordered = new ArrayList<SearchHit>();
        for (int i = 0; i < order.size(); i++) {
            renumbered[order.get(i)] = i + 1;
            ordered.add(sources.get(order.get(i) - 1));
        }
        String text = MARKER.matcher(answer).replaceAll(r -> {
            int n = Integer.parseInt(r.group(1));
            return n >= 1 && n <= sources.size() ? "[" + renumbered[n] + "]" : r.group();
        });
        return new Renumbered(text, List.copyOf(ordered));
    }

    /** The answer with every unsupported marker removed, so a stored answer never shows an unchecked citation. */
    public static String repair(String answer, List<Integer> unsupported) {
        if (unsupported.isEmpty()) {
            return answer;
        }
        return MARKER.matcher(answer).replaceAll(r -> {
            int n = Integer.parseInt(r.group(1));
            return unsupported.contains(n) ? "" : r.group();
        });
    }

    public static List<Citation> validate(String answer, List<SearchHit> sources) {
        var used = new TreeSet<Integer>();
        var m = MARKER.matcher(answer);
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= sources.size()) {
                used.add(n);
            }
        }
        return used.stream()
                .map(n -> {
                    var h = sources.get(n - 1);
                    return new Citation(
                            n, h.documentId(), h.chunkId(), h.filename(), h.page(), snippet(h.text(), answer, n));
                })
                .toList();
    }

    /**
     * The source's text when it is short, else the window of at most {@link #SNIPPET} characters, starting at one of
     * its sentences, that holds the most words of the answer's sentences citing {@code [n]} (the latest such start, so
     * the window begins as near the cited sentence as it can; the first window when none holds any): a long
     * passage's cited fact is often past its first 280 characters.
     */
    static String snippet(String text, String answer, int n) {
        if (text.length() <= SNIPPET) {
            return text;
        }
        Set<String> cited = citingWords(answer, n);
        int best = 0;
        long bestScore = 0;
        var starts = new ArrayList<Integer>(List.of(0));
        SENTENCE_START.matcher(text).results().forEach(r -> starts.add(r.end()));
        for (int start : starts) {
            long score =
                    words(window(text, start)).stream().filter(cited::contains).count();
            // of the windows holding the most, the one that starts nearest the cited sentence: the latest
            if (score > 0 && score >= bestScore) {
                best = start;
                bestScore = score;
            }
        }
        String window = window(text, best);
        return (best > 0 ? "…" : "") + window + (best + window.length() < text.length() ? "…" : "");
    }

    /** Up to {@link #SNIPPET} characters from {@code start}, cut at a word's end when the text goes on. */
    private static String window(String text, int start) {
        int end = Math.min(text.length(), start + SNIPPET);
        if (end < text.length()) {
            int space = text.lastIndexOf(' ', end);
            if (space > start + SNIPPET / 2) {
                end = space;
            }
        }
        return text.substring(start, end).strip();
    }

    /** The distinct words of the answer's sentences that end in, or carry, the marker {@code [n]}. */
    private static Set<String> citingWords(String answer, int n) {
        var words = new HashSet<String>();
        String marker = "[" + n + "]";
        for (int at = answer.indexOf(marker); at >= 0; at = answer.indexOf(marker, at + 1)) {
            // the sentence ends before the marker ("… 212 steps [1].") or just before it ("… 212 steps. [1]")
            int end = at;
            while (end > 0
                    && (Character.isWhitespace(answer.charAt(end - 1)) || ".!?".indexOf(answer.charAt(end - 1)) >= 0)) {
                end--;
            }
            int from = Math.max(
                    Math.max(answer.lastIndexOf(". ", end - 1), answer.lastIndexOf('\n', end - 1)),
                    Math.max(answer.lastIndexOf("? ", end - 1), answer.lastIndexOf("! ", end - 1)));
            if (from + 1 < end) {
                words.addAll(
                        words(MARKER.matcher(answer.substring(from + 1, end)).replaceAll(" ")));
            }
        }
        return words;
    }

    private static Set<String> words(String text) {
        var out = new HashSet<String>();
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (!COMMON.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }
}
