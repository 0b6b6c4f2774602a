package dev.quire.chat.agent;

import dev.quire.contracts.api.SearchHit;
import dev.quire.contracts.chat.Citation;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks an answer's {@code [n]} markers against the sources it was given: only real sources become citations. */
public final class Citations {
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3})]");
    private static final int SNIPPET = 280;

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
                    String text = h.text();
                    return new Citation(
                            n,
                            h.documentId(),
                            h.chunkId(),
                            h.filename(),
                            h.page(),
                            text.length() > SNIPPET ? text.substring(0, SNIPPET) + "…" : text);
                })
                .toList();
    }
}
