package dev.quire.chat.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown tables in a passage, for the offline answerer: chunking runs a table's lines together ("| Level | Response
 * time | | P1 | 15 minutes |"), which no sentence splitter reads, so each data row is quoted with its header's names
 * ("Level: P1; Response time: 15 minutes").
 */
final class Table {
    /** Three or more pipes, the first and last standing alone: a table's run of cells. */
    private static final Pattern RUN = Pattern.compile("(?<=^|\\s)\\|(?:[^|]*\\|){2,}(?=\\s|$)");

    private static final Pattern RULE = Pattern.compile(":?-{3,}:?");
    private static final int MAX_ROWS = 100;

    private Table() {}

    /** Every data row of every table in the text, as "header: cell; header: cell". */
    static List<String> rows(String text) {
        List<String> out = new ArrayList<>();
        for (Matcher m = RUN.matcher(text); m.find(); ) {
            out.addAll(parse(m.group()));
        }
        return out;
    }

    /** The text without its tables (what {@link #rows} reads), so sentences are split from the rest. */
    static String remove(String text) {
        var sb = new StringBuilder();
        Matcher m = RUN.matcher(text);
        while (m.find()) {
            m.appendReplacement(sb, parse(m.group()).isEmpty() ? Matcher.quoteReplacement(m.group()) : " ");
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * The data rows of one run of cells; none when it is not a table. Rows run together leave an empty cell between
     * them ({@code | | }), so the header's width is its cells before the first empty one, and every row must have it.
     */
    private static List<String> parse(String run) {
        String[] cells = run.substring(1, run.length() - 1).split("\\|", -1);
        int width = 0;
        while (width < cells.length && !cells[width].isBlank()) {
            width++;
        }
        if (width < 2 || (cells.length + 1) % (width + 1) != 0) {
            return List.of();
        }
        List<String[]> rows = new ArrayList<>();
        for (int at = 0; at < cells.length; at += width + 1) {
            if (at + width < cells.length && !cells[at + width].isBlank()) {
                return List.of(); // not a blank between two rows: not a table
            }
            String[] row = new String[width];
            for (int i = 0; i < width; i++) {
                row[i] = cells[at + i].strip();
            }
            rows.add(row);
        }
        String[] header = rows.get(0);
        List<String> out = new ArrayList<>();
        for (String[] row : rows.subList(1, Math.min(rows.size(), MAX_ROWS + 1))) {
            if (RULE.matcher(row[0]).matches()) {
                continue; // the line under the header
            }
            var sb = new StringBuilder();
            for (int i = 0; i < width; i++) {
                if (!row[i].isEmpty()) {
                    sb.append(sb.isEmpty() ? "" : "; ")
                            .append(header[i])
                            .append(": ")
                            .append(row[i]);
                }
            }
            if (!sb.isEmpty()) {
                out.add(sb.toString());
            }
        }
        return out;
    }
}
