package dev.quire.chat.agent;

import dev.quire.contracts.api.SearchHit;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.BreakIterator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The answerer used when no LLM is configured: it quotes the best-matching sentence of the top passages, each with
 * its citation number, and says that it is extractive.
 */
@ApplicationScoped
public class OfflineAnswerer {
    static final String PREFIX = "Extractive answer (no language model is configured), from your documents:\n\n";
    static final String NOTHING = "I could not find anything about this in your knowledge bases.";
    private static final Set<String> STOP = Set.of(
            "the", "and", "for", "are", "was", "what", "which", "who", "how", "does", "did", "this", "that", "with",
            "from", "about", "into", "have", "has", "can", "our", "your", "their", "there", "when", "where", "why",
            "tell", "please", "give");
    private static final int MAX_SOURCES = 3;

    public String answer(String question, List<SearchHit> sources) {
        if (sources.isEmpty()) {
            return NOTHING;
        }
        Set<String> terms = terms(question);
        var sb = new StringBuilder(PREFIX);
        for (int i = 0; i < Math.min(MAX_SOURCES, sources.size()); i++) {
            String best = bestSentence(sources.get(i).text(), terms);
            if (best != null || i == 0) {
                sb.append("- ")
                        .append(best == null ? firstSentence(sources.get(i).text()) : best)
                        .append(" [")
                        .append(i + 1)
                        .append("]\n");
            }
        }
        return sb.toString().strip();
    }

    private static String bestSentence(String text, Set<String> terms) {
        String best = null;
        int bestScore = 0;
        var it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        for (int s = it.first(), e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
            String sentence = text.substring(s, e).strip();
            int score = 0;
            for (String t : terms(sentence)) {
                if (terms.contains(t)) {
                    score++;
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = sentence;
            }
        }
        return best;
    }

    private static String firstSentence(String text) {
        var it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        int end = it.next();
        return (end == BreakIterator.DONE ? text : text.substring(0, end)).strip();
    }

    private static Set<String> terms(String text) {
        Set<String> out = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 3 && !STOP.contains(w)) {
                out.add(w.length() > 5 ? w.substring(0, 5) : w); // a crude stem: "policies" meets "policy"
            }
        }
        return out;
    }
}
