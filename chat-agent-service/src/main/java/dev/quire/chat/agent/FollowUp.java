package dev.quire.chat.agent;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes a follow-up question searchable on its own without a language model: "And for trains?" after "What is the
 * hotel cap?" is searched as "And for trains? hotel cap". A question counts as a follow-up when it opens like one
 * ("and …", "what about …") or is short and points back ("it", "that", "they", …); the previous user question's
 * content words it does not already have are appended. Anything else is searched as asked.
 */
public final class FollowUp {
    private static final Pattern OPENER = Pattern.compile(
            "(?i)^\\s*(?:and|or|also|but|so|then|what about|how about|same for|and what about|and how about)\\b");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_][\\p{L}\\p{N}_.\\-/]*");
    private static final Set<String> ANAPHORS = Set.of(
            "it", "its", "this", "that", "these", "those", "they", "them", "their", "there", "one", "ones", "he", "she",
            "him", "her", "same", "such");
    private static final Set<String> STOP = Set.of(
            "a", "an", "the", "and", "or", "but", "for", "of", "to", "in", "on", "at", "by", "with", "from", "as", "is",
            "are", "was", "were", "be", "do", "does", "did", "can", "could", "should", "would", "will", "may", "must",
            "have", "has", "what", "which", "who", "how", "why", "when", "where", "about", "also", "then", "so", "i",
            "me", "my", "we", "our", "you", "your", "please", "tell", "give", "same", "it", "its", "this", "that",
            "these", "those", "they", "them", "their", "there", "one", "ones", "any", "some", "not");
    /** A question with at most this many content words and a word pointing back is a follow-up. */
    private static final int SHORT = 4;

    private FollowUp() {}

    /** The query to search for {@code question}, given the conversation's earlier messages (oldest first). */
    public static String standalone(String question, List<Turn.Message> history) {
        String previous = null;
        for (int i = history.size() - 1; i >= 0 && previous == null; i--) {
            if (history.get(i).role().equals("user")) {
                previous = history.get(i).content();
            }
        }
        if (previous == null || !followUp(question)) {
            return question;
        }
        Set<String> have = words(question);
        var sb = new StringBuilder(question.strip());
        for (String w : words(previous)) {
            if (!have.contains(w)) {
                sb.append(' ').append(w);
            }
        }
        return sb.toString();
    }

    static boolean followUp(String question) {
        if (OPENER.matcher(question).find()) {
            return true;
        }
        int content = 0;
        boolean pointsBack = false;
        var m = WORD.matcher(question);
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            pointsBack |= ANAPHORS.contains(w);
            content += STOP.contains(w) ? 0 : 1;
        }
        return pointsBack && content <= SHORT;
    }

    /** Content words, lower case, in order. */
    private static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        var m = WORD.matcher(text);
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            if (!STOP.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }
}
