package dev.quire.chat.agent;

import dev.quire.contracts.api.SearchHit;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The answerer used when no LLM is configured: it splits the retrieved passages into sentences, scores each against
 * the question (IDF-weighted overlap of terms; an identifier counts whole and by its parts), and quotes the best few verbatim with
 * their citation numbers, or says that the documents do not hold the answer when no sentence is relevant enough.
 * One class because tokenising, sentence filtering, scoring and composing share one notion of a "term" and of a
 * quotable sentence; split up, the relevance threshold and the scores it is compared with could drift apart.
 */
@ApplicationScoped
public class OfflineAnswerer {
    public static final String PREFIX = "Extractive answer (no language model is configured), from your documents:\n\n";
    /** Said after "not found" when the search returned no passage at all. */
    public static final String NOTHING_INDEXED = "The search found no indexed passage in the knowledge bases it looked"
            + " in: upload documents on the Knowledge page, or wait until the ones uploaded are indexed.";

    /** The whole answer when nothing in the passages answers the question: no quote, no citation. */
    public static final String NOT_FOUND = "I could not find this in your documents.";
    /**
     * The weighted share of the question's terms the best sentence must contain (0..1) for anything to be quoted.
     * Calibrated on eval/answers (docs/ANSWERS.md): answerable questions' best sentences score higher, unrelated ones
     * lower; the value sits in the gap.
     */
    public static final double RELEVANCE_THRESHOLD = 0.36;
    /**
     * Passages the offline path asks retrieval for: more candidate sentences than the model's six, since only the
     * quoted ones are shown (eval/answers: fact in the answer 89 % with 6, 91 % with 8).
     */
    public static final int PASSAGES = 8;
    /** Other sentences are quoted only when they score at least this share of the best one. */
    private static final double KEEP_RATIO = 0.5;

    /** An identifier counts as a term of its own on top of its parts, so matching it whole outweighs its words. */
    private static final double IDENTIFIER_WEIGHT = 1.0;

    /**
     * Credit for a question term that a sentence does not hold but its context does (the one or two sentences before
     * it in the passage, and the passage's section): "The lines are sorted (using strcmp …)" answers a question about
     * XMLnamespaces files because the sentence before it names them.
     */
    private static final double CONTEXT_WEIGHT = 0.5;

    private static final int CONTEXT_SENTENCES = 2;

    /** Extra weight of a question term that no retrieved sentence contains. */
    private static final double ABSENT_WEIGHT = 1.5;

    private static final int MAX_QUOTES = 3;
    private static final int MAX_CHARS = 700;
    private static final int MAX_SENTENCE_CHARS = 600;
    /** A word or an identifier; a leading {@code %} or {@code $} is kept ({@code %M}, {@code $out} are names). */
    private static final Pattern TOKEN = Pattern.compile("[%$]?[\\p{L}\\p{N}_]+(?:[-./:'’][\\p{L}\\p{N}_]+)*");

    private static final Pattern PARTS = Pattern.compile("[-_./:'’%$]+");
    private static final Pattern LEADER_DOTS = Pattern.compile("(?:\\.\\s?){4,}");
    /**
     * Where extracted text runs list items together: bullets, a numbered item whose text starts in lower case
     * ("distribution 4. compress() returns"), and an option of a usage list ("-c, --check checks ... -o, --output").
     */
    private static final Pattern BULLET =
            Pattern.compile("\\s*[•▪◦]\\s+|\\s+\\d{1,3}\\.\\s+(?=\\p{Ll})|\\s+(?=-[A-Za-z](?:,| [a-z]+)?\\s+--[a-z])");

    private static final Pattern RUNNING_HEADER =
            Pattern.compile("^(?:Chapter|Appendix|Section) [0-9A-Z]{1,3}: [^.:]{1,60}? \\d{1,4} ");
    /** Command-line options ({@code --append}, {@code -o}): the leading dashes that {@link #TOKEN} drops. */
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--?[A-Za-z][\\w-]*");
    /** Questions whose answer is a name: a sentence holding a name the question does not is preferred. */
    private static final Pattern ASKS_FOR_NAME = Pattern.compile(
            "(?i)^(?:which|what)\\s+(?:[\\w.-]+\\s+){0,2}?(?:program|command|tool|utility|function|option|flag|file|variable|"
                    + "constant|name|pattern|value|string|header|rule|keyword|setting|macro|type|format|library)s?\\b");
    /** Weight of the kind of name a question asks for ("which program"), against 1 for its other words. */
    private static final double FOCUS_WEIGHT = Double.parseDouble(System.getProperty("quire.focus", "3.0"));
    /** A sentence shorter than this is a heading or a terse FAQ answer: it is quoted with what follows it. */
    private static final int SHORT_WORDS = 6;

    private static final Set<String> STOP = Set.of(
            "a",
            "an",
            "the",
            "and",
            "or",
            "but",
            "for",
            "nor",
            "of",
            "to",
            "in",
            "on",
            "at",
            "by",
            "with",
            "from",
            "into",
            "as",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "am",
            "do",
            "does",
            "did",
            "done",
            "can",
            "could",
            "should",
            "would",
            "will",
            "shall",
            "may",
            "might",
            "must",
            "have",
            "has",
            "had",
            "what",
            "which",
            "who",
            "whom",
            "whose",
            "how",
            "why",
            "when",
            "where",
            "this",
            "that",
            "these",
            "those",
            "it",
            "its",
            "i",
            "me",
            "my",
            "we",
            "our",
            "you",
            "your",
            "they",
            "their",
            "there",
            "he",
            "she",
            "his",
            "her",
            "about",
            "tell",
            "please",
            "give",
            "if",
            "so",
            "than",
            "then",
            "any",
            "some",
            "all",
            "no",
            "not",
            "s",
            "t",
            "re",
            "ll",
            "d",
            "ve",
            "m",
            "up",
            "out",
            "get",
            "use",
            "used",
            "using",
            "make",
            "one",
            "many",
            "much",
            "say",
            "says",
            "said",
            "mention",
            "mentions");
    /** Words a real sentence contains and a title line, a running header or an author block usually does not. */
    private static final Set<String> FUNCTION = Set.of(
            "a", "an", "the", "is", "are", "was", "be", "of", "to", "in", "for", "with", "by", "it", "this", "that",
            "and", "or", "as", "on", "if", "not", "can", "may", "must", "should", "will", "you", "use", "has", "have");

    /**
     * Words a policy or a manual uses for what a question asks in other words, by stem: "how long are backups kept?"
     * meets "backups are retained for 7 years".
     */
    private static final Map<String, String> SAME = Map.ofEntries(
            Map.entry("keep", "~keep"),
            Map.entry("kept", "~keep"),
            Map.entry("retain", "~keep"),
            Map.entry("retent", "~keep"),
            Map.entry("cost", "~cost"),
            Map.entry("price", "~cost"),
            Map.entry("pric", "~cost"),
            Map.entry("fee", "~cost"),
            Map.entry("fees", "~cost"),
            Map.entry("allow", "~allow"),
            Map.entry("permit", "~allow"),
            Map.entry("begin", "~start"),
            Map.entry("start", "~start"),
            Map.entry("buy", "~buy"),
            Map.entry("purcha", "~buy"));

    /** Stems of the words documentation uses for a program one runs: a question's word meets the document's. */
    private static final Set<String> PROGRAM = Set.of("progra", "comman", "tool", "utilit", "execut", "binary");

    /** A quoted sentence: its source's citation number (1-based) and its score. */
    public record Quote(int source, String text, double score) {}

    /** The answer's quotes, best first (none: not found), and the best sentence's relevance. */
    public record Decision(List<Quote> quotes, double relevance) {}

    public String answer(String question, List<SearchHit> sources) {
        var decision = decide(question, sources);
        if (decision.quotes().isEmpty()) {
            return notFound(sources);
        }
        var sb = new StringBuilder(PREFIX);
        for (Quote q : decision.quotes()) {
            // a lead-in quoted with its list: the items nest under it, the citation stays on the quote's first line
            String[] lines = q.text().split(ITEM_BREAK);
            sb.append("- ")
                    .append(plain(lines[0]))
                    .append(" [")
                    .append(q.source())
                    .append("]\n");
            for (int i = 1; i < lines.length; i++) {
                sb.append("  - ").append(plain(lines[i])).append('\n');
            }
        }
        return sb.toString().strip();
    }

    /**
     * "Not found", and where the search looked: the documents of the closest passages (no citation numbers: none of
     * them answers), so a user can tell that their documents were searched and which ones came closest.
     */
    static String notFound(List<SearchHit> sources) {
        List<String> names = sources.stream()
                .map(SearchHit::filename)
                .filter(f -> f != null && !f.isBlank())
                .distinct()
                .limit(3)
                .toList();
        if (names.isEmpty()) {
            // nothing came back at all: no document is indexed where the search looked (none uploaded yet, or all
            // still being indexed), which is not the same as documents that do not say
            return NOT_FOUND + " " + NOTHING_INDEXED;
        }
        String list = names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return NOT_FOUND + " The closest passages were in " + list + ", but none of them answers it.";
    }

    /** Between a quoted lead-in and each of its list items, in a quote's text. */
    private static final String ITEM_BREAK = "\n";

    /** A source's Markdown heading and list markers ({@code ## }, {@code - }) would nest inside the quote's bullet. */
    private static final Pattern HEADING_MARKER = Pattern.compile("(^|\\s)#{1,6}\\s+");

    /** A list marker where a line starts (a dash or a star inside a sentence is the sentence's own). */
    private static final Pattern LIST_MARKER = Pattern.compile("(^|\\n)\\s*[-*+]\\s+");

    /** A quote without the source's block markers; its inline Markdown (bold, code) stays. */
    public static String plain(String quote) {
        return LIST_MARKER
                .matcher(HEADING_MARKER.matcher(quote).replaceAll("$1"))
                .replaceAll("$1")
                .strip();
    }

    /** Every quotable sentence with its relevance and ranking score, best first: for diagnostics. */
    public List<Quote> ranked(String question, List<SearchHit> sources) {
        return rank(question, sources).stream()
                .map(c -> new Quote(c.source, c.quoted() + " {relevance " + c.relevance + "}", c.score))
                .toList();
    }

    /** Whether any of the passages holds a sentence relevant enough to quote for the question. */
    public boolean relevant(String question, List<SearchHit> sources) {
        return decide(question, sources).relevance() >= RELEVANCE_THRESHOLD;
    }

    /**
     * Scores every quotable sentence of the passages and picks the quotes, for the whole message and for the question
     * it asks ({@link #focus}), whichever finds the more relevant sentence: words around the question ("When I travel
     * on business abroad, …", "Thanks, this helps the team.") are absent from the answer's sentence and weigh against
     * it, so a verbose paraphrase of an answerable question was "not found".
     */
    public Decision decide(String question, List<SearchHit> sources) {
        String focus = focus(question);
        String asked = focus == null ? question : focus;
        Decision whole = decideFor(question, sources);
        if (focus != null) {
            Decision focused = decideFor(focus, sources);
            whole = focused.relevance() > whole.relevance() ? focused : whole;
        }
        return whole.quotes().isEmpty() ? whole : bothParts(asked, whole, sources);
    }

    /** Where a question asks two things: "…, and can I …", "… and who owns them?". */
    private static final Pattern SECOND_QUESTION = Pattern.compile(
            "(?i),?\\s+and\\s+(?=(?:can|could|do|does|did|is|are|was|were|what|which|who|whom|how|when|where|why|may"
                    + "|should|will|would|must)\\b)");

    /**
     * A question that asks two things is answered with the best sentence for each ("How many vacation days do I get,
     * and can I carry them over?" quotes the allowance and the carry-over rule), when each part is answered on its
     * own; otherwise the whole question's quotes stand.
     */
    private Decision bothParts(String question, Decision whole, List<SearchHit> sources) {
        String[] parts = SECOND_QUESTION.split(question, 2);
        if (parts.length < 2 || terms(parts[0]).isEmpty() || terms(parts[1]).isEmpty()) {
            return whole;
        }
        Decision first = decideFor(parts[0], sources);
        Decision second = decideFor(parts[1], sources);
        if (first.quotes().isEmpty() || second.quotes().isEmpty()) {
            return whole;
        }
        List<Quote> quotes = new ArrayList<>();
        for (List<Quote> from : List.of(first.quotes(), second.quotes(), whole.quotes())) {
            for (Quote q : from) {
                if (quotes.size() < MAX_QUOTES
                        && quotes.stream().noneMatch(k -> k.text().equals(q.text()))) {
                    quotes.add(q);
                    break; // one from each part first
                }
            }
        }
        for (Quote q : whole.quotes()) {
            if (quotes.size() < MAX_QUOTES
                    && quotes.stream().noneMatch(k -> k.text().equals(q.text()))) {
                quotes.add(q);
            }
        }
        return new Decision(List.copyOf(quotes), whole.relevance());
    }

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final Pattern ASKING_CLAUSE = Pattern.compile(
            "[,;:]\\s+((?:what|which|who|whom|whose|how|why|when|where|is|are|was|were|can|could|do|does|did|may|should"
                    + "|will|would|shall)\\b.*\\?)\\s*$",
            Pattern.CASE_INSENSITIVE);

    /**
     * The question a message asks when it says more than that: its last sentence with a question mark, from the
     * clause a question word opens after a comma ("When I travel abroad, what is the hotel cap?" gives "what is the
     * hotel cap?"); null when that is the whole message or it asks nothing.
     */
    static String focus(String message) {
        String asked = null;
        for (String sentence : SENTENCE_END.split(message.strip())) {
            if (sentence.contains("?")) {
                asked = sentence.strip();
            }
        }
        if (asked == null) {
            return null;
        }
        var clause = ASKING_CLAUSE.matcher(asked);
        if (clause.find()) {
            asked = clause.group(1);
        }
        return asked.equals(message.strip()) || terms(asked).isEmpty() ? null : asked;
    }

    private Decision decideFor(String question, List<SearchHit> sources) {
        List<Candidate> candidates = rank(question, sources);
        double relevance =
                candidates.stream().mapToDouble(c -> c.relevance).max().orElse(0);
        if (relevance < RELEVANCE_THRESHOLD) {
            return new Decision(List.of(), relevance);
        }
        double best = candidates.get(0).score;
        List<Quote> quotes = new ArrayList<>();
        List<Set<String>> seen = new ArrayList<>();
        int chars = 0;
        for (Candidate c : candidates) {
            if (quotes.size() == MAX_QUOTES || c.score < best * KEEP_RATIO) {
                break;
            }
            String text = c.quoted();
            // compared sentence by sentence: a heading quoted with its continuation repeats that continuation
            List<Set<String>> parts = c.parts();
            if (parts.stream().anyMatch(p -> seen.stream().anyMatch(s -> nearDuplicate(s, p)))
                    || (!quotes.isEmpty() && chars + text.length() > MAX_CHARS)) {
                continue;
            }
            seen.addAll(parts);
            quotes.add(new Quote(c.source, text, c.score));
            chars += text.length();
        }
        return new Decision(List.copyOf(quotes), relevance);
    }

    /** "How long", "how often", "how old": the second word asks for a quantity the answer states, not a word it holds. */
    private static final Pattern HOW_QUANTITY = Pattern.compile("(?i)\\bhow\\s+(?:long|often|old|far|big|large)\\b");

    private static List<Candidate> rank(String question, List<SearchHit> sources) {
        Map<String, Double> asked = asked(HOW_QUANTITY.matcher(question).replaceAll("how"));
        boolean asksForName = ASKS_FOR_NAME.matcher(question).find();
        if (asked.isEmpty() || sources.isEmpty()) {
            return List.of();
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            candidates.addAll(sentences(i + 1, sources.get(i)));
        }
        // how rare a term is among the retrieved sentences: a term every sentence shares says little
        Map<String, Integer> df = new HashMap<>();
        for (Candidate c : candidates) {
            c.terms.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
        }
        int n = candidates.size();
        double total = 0;
        Map<String, Double> weight = new HashMap<>();
        for (var e : asked.entrySet()) {
            int d = df.getOrDefault(e.getKey(), 0);
            // a word of the question that no retrieved sentence contains is evidence that the answer is not there
            double w = e.getValue() * (1 + Math.log((n + 1.0) / (d + 1.0))) * (d == 0 ? ABSENT_WEIGHT : 1);
            weight.put(e.getKey(), w);
            total += w;
        }
        for (Candidate c : candidates) {
            double matched = 0;
            for (var e : weight.entrySet()) {
                if (c.terms.containsKey(e.getKey())) {
                    matched += e.getValue();
                } else if (c.context.containsKey(e.getKey())) {
                    matched += CONTEXT_WEIGHT * e.getValue();
                }
            }
            c.relevance = matched / total;
            // a slight preference for what retrieval ranked first breaks ties between equally matching sentences
            c.score =
                    c.relevance * (1 - 0.01 * (c.source - 1)) * (asksForName && namesSomethingNew(c, asked) ? 1.3 : 1);
        }
        candidates.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        return candidates;
    }

    /** A sentence that may be quoted, with its terms; {@code answered}: the sentence after it when it is a question. */
    private static final class Candidate {
        final int source;
        final String text;
        final Map<String, Double> terms;
        String answered;
        List<String> continuation = List.of();
        /** The list items a lead-in ending in a colon introduces, quoted with it one a line. */
        List<String> items = List.of();
        /** Terms of the sentences before it in its passage and of the passage's section. */
        Map<String, Double> context = Map.of();

        double relevance;
        double score;

        Candidate(int source, String text) {
            this.source = source;
            this.text = text;
            this.terms = terms(text);
        }

        /** The terms of each sentence the quote holds. */
        List<Set<String>> parts() {
            List<Set<String>> out = new ArrayList<>();
            out.add(terms.keySet());
            for (String s : continuation) {
                out.add(terms(s).keySet());
            }
            return out;
        }

        String quoted() {
            if (!items.isEmpty()) {
                return text + ITEM_BREAK + String.join(ITEM_BREAK, items);
            }
            return answered == null ? text : text + " " + answered;
        }
    }

    /**
     * The quotable sentences of a passage: no fragments cut by chunking, no title lines, running headers or leader
     * dots. A question or a heading-like short sentence ("4. compress() returns Z_BUF_ERROR.") carries the sentences
     * after it, so a FAQ entry is quoted with its answer.
     */
    private static List<Candidate> sentences(int source, SearchHit hit) {
        List<Candidate> out = new ArrayList<>();
        String text = withoutSectionTitle(hit.text().strip(), hit.section());
        Table.rows(text).forEach(row -> {
            var c = new Candidate(source, row);
            c.context = terms(hit.section() == null ? "" : hit.section());
            out.add(c);
        });
        List<Piece> pieces = split(Table.remove(text));
        List<String> raw = pieces.stream().map(Piece::text).toList();
        for (int i = 0; i < raw.size(); i++) {
            String s = raw.get(i);
            boolean first = i == 0;
            boolean last = i == raw.size() - 1;
            // a list item is a whole line of the source: it needs no full stop to be whole
            if ((first && startsMidSentence(s))
                    || (last && !endsSentence(s) && !pieces.get(i).item())) {
                continue;
            }
            String body = stripHeading(s);
            if (body.endsWith(":") && i + 1 < raw.size() && pieces.get(i + 1).item()) {
                out.add(withItems(source, hit, raw, i, body, pieces));
                continue;
            }
            String answered = null;
            List<String> continuation = new ArrayList<>();
            if (body.endsWith("?") || body.endsWith(":") || words(body) < SHORT_WORDS) {
                var more = new StringBuilder();
                for (int j = i + 1; j < raw.size() && more.length() < 60; j++) {
                    String next = raw.get(j);
                    if (next.endsWith("?") || (j == raw.size() - 1 && !endsSentence(next))) {
                        break;
                    }
                    more.append(more.isEmpty() ? "" : " ").append(next);
                    continuation.add(next);
                }
                if (more.isEmpty() && body.endsWith("?")) {
                    continue; // a question whose answer is in another chunk
                }
                answered = more.isEmpty() ? null : more.toString();
            }
            String whole = answered == null ? body : body + " " + answered;
            if (!quotable(whole)) {
                continue;
            }
            var c = new Candidate(source, clip(body));
            c.answered = answered;
            c.continuation = continuation;
            var context = new StringBuilder(hit.section() == null ? "" : hit.section());
            for (int j = Math.max(0, i - CONTEXT_SENTENCES); j < i; j++) {
                context.append(' ').append(raw.get(j));
            }
            c.context = terms(context.toString());
            out.add(c);
        }
        return out;
    }

    /**
     * A lead-in ending in a colon with the list items after it ("New engineers complete these steps: - Get a laptop
     * - Set up two-factor authentication …"): quoted together, the items one a line, as many as fit a sentence's cap.
     */
    private static Candidate withItems(
            int source, SearchHit hit, List<String> raw, int at, String lead, List<Piece> p) {
        List<String> items = new ArrayList<>();
        int chars = lead.length();
        for (int j = at + 1;
                j < raw.size() && p.get(j).item() && chars + raw.get(j).length() <= MAX_SENTENCE_CHARS;
                j++) {
            items.add(raw.get(j));
            chars += raw.get(j).length();
        }
        var c = new Candidate(source, lead);
        c.items = List.copyOf(items);
        c.continuation = c.items;
        // the items' words count as the lead-in's own: "which steps …?" is answered by the steps
        items.forEach(item -> terms(item).forEach((t, w) -> c.terms.merge(t, w, Math::max)));
        var context = new StringBuilder(hit.section() == null ? "" : hit.section());
        for (int j = Math.max(0, at - CONTEXT_SENTENCES); j < at; j++) {
            context.append(' ').append(raw.get(j));
        }
        c.context = terms(context.toString());
        return c;
    }

    /** A piece of a passage to quote: a sentence, or an item of a Markdown list (a whole line of the source). */
    private record Piece(String text, boolean item) {}

    /** Where a Markdown list starts in a sentence: its first marker at the start or after a colon. */
    private static final Pattern LIST_START = Pattern.compile("(?:^|(?<=:))\\s*[-*+]\\s+(?=\\S)");

    /** A list item's marker right after a sentence's end, before a capital, a number or inline Markdown. */
    private static final Pattern ITEM_AFTER_SENTENCE =
            Pattern.compile("(?<=[.!?])\\s+[-*+]\\s+(?=[\\p{Lu}\\p{N}*_`\\[])");

    /** A PDF outline's number run into the end of the sentence before its heading ("… two regions. 1."). */
    private static final Pattern OUTLINE_NUMBER = Pattern.compile("(?<=[.!?])\\s+\\d{1,3}\\.$");

    /** The marker before each further item of a list run together on one line. */
    private static final Pattern NEXT_ITEM = Pattern.compile("\\s+[-*+]\\s+(?=\\S)");

    /**
     * Sentences, cut only where whitespace follows the break ("The ?LAST name" stays whole) and at bullets; a Markdown
     * list (its lines joined by chunking) becomes its items. A dash inside a sentence ("Plums - not pears -") is the
     * sentence's own: only a list's first marker, at the start or after a colon, opens one.
     */
    private static List<Piece> split(String text) {
        List<Piece> out = new ArrayList<>();
        var it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        int start = 0;
        boolean inList = false;
        for (int e = it.next(); e != BreakIterator.DONE; e = it.next()) {
            if (e < text.length()
                    && !Character.isWhitespace(text.charAt(e - 1))
                    && !Character.isWhitespace(text.charAt(e))) {
                continue;
            }
            String sentence = text.substring(start, e).strip();
            start = e;
            sentence = OUTLINE_NUMBER.matcher(sentence).replaceFirst("");
            var list = LIST_START.matcher(sentence);
            // a marker that starts a sentence continues a list; one after a lead-in's colon opens it (a plain-text
            // FAQ's "* win32/DLL_FAQ.txt … 4. compress() returns …" is a bullet of its own, split below)
            boolean opens = list.find() && (list.start() > 0 || inList);
            if (!opens) {
                // "… they expire. - Part-time employees receive …": a list after a sentence, which the sentence
                // splitter does not break before a dash
                String[] runs = ITEM_AFTER_SENTENCE.split(sentence);
                inList = runs.length > 1;
                for (int r = 0; r < runs.length; r++) {
                    for (String piece : BULLET.split(runs[r])) {
                        if (!piece.isBlank()) {
                            out.add(new Piece(piece.strip(), r > 0));
                        }
                    }
                }
                continue;
            }
            String lead = sentence.substring(0, list.start()).strip();
            if (!lead.isEmpty()) {
                out.add(new Piece(lead, false));
            }
            for (String item : NEXT_ITEM.split(sentence.substring(list.end()))) {
                if (!item.isBlank()) {
                    out.add(new Piece(item.strip(), true));
                }
            }
            inList = true;
        }
        return out;
    }

    /**
     * A passage without its section's title at its start: a Markdown chunk opens with its heading line ("## On-call
     * New engineers join …"), which the chunk's lines run into the first sentence.
     */
    static String withoutSectionTitle(String text, String section) {
        if (section == null || section.isBlank()) {
            return text;
        }
        String title = section.substring(section.lastIndexOf(" > ") < 0 ? 0 : section.lastIndexOf(" > ") + 3)
                .strip();
        String t = text.replaceFirst("^#{1,6}\\s+", "");
        if (!title.isEmpty() && t.startsWith(title + " ") && t.length() > title.length() + 1) {
            return t.substring(title.length() + 1).strip();
        }
        return text;
    }

    /**
     * A sentence without the heading glued before it by text extraction: a running header ("Chapter 4: Function
     * reference 20") or a run of capitalised heading words before the sentence's first word ("1.3 Redirecting Output
     * By default, ..." starts at "By").
     */
    static String stripHeading(String s) {
        String t = RUNNING_HEADER.matcher(s).replaceFirst("");
        var m = TOKEN.matcher(t);
        int heading = 0;
        while (m.find()) {
            String w = m.group();
            boolean capital = Character.isUpperCase(w.codePointAt(0));
            // "The" starts the sentence after a heading; "MUST" (RFC style, all capitals) is inside one
            boolean titleCase =
                    w.length() == 1 || !w.substring(1).equals(w.substring(1).toUpperCase(Locale.ROOT));
            if (capital && titleCase && FUNCTION.contains(w.toLowerCase(Locale.ROOT)) && heading > 0) {
                return t.substring(m.start());
            }
            if (!capital && !Character.isDigit(w.codePointAt(0))) {
                return t;
            }
            heading++;
        }
        return t;
    }

    /** A sentence longer than the cap ends at a word boundary with an ellipsis. */
    private static String clip(String s) {
        if (s.length() <= MAX_SENTENCE_CHARS) {
            return s;
        }
        int cut = s.lastIndexOf(' ', MAX_SENTENCE_CHARS);
        return s.substring(0, cut > 0 ? cut : MAX_SENTENCE_CHARS) + " …";
    }

    private static int words(String s) {
        int n = 0;
        for (var m = TOKEN.matcher(s); m.find(); ) {
            n++;
        }
        return n;
    }

    private static boolean startsMidSentence(String s) {
        int cp = s.codePointAt(0);
        return Character.isLowerCase(cp) || ",;)]}".indexOf(cp) >= 0;
    }

    private static boolean endsSentence(String s) {
        char c = s.charAt(s.length() - 1);
        return ".!?:)\"'’”`".indexOf(c) >= 0;
    }

    /** Enough words, some of them the small words real sentences are made of, and no table-of-contents leaders. */
    private static boolean quotable(String s) {
        if (LEADER_DOTS.matcher(s).find()) {
            return false;
        }
        int words = 0;
        int function = 0;
        var m = TOKEN.matcher(s);
        while (m.find()) {
            words++;
            if (FUNCTION.contains(m.group().toLowerCase(Locale.ROOT))) {
                function++;
            }
        }
        return words >= 4 && function >= 1 && function * 12 >= words;
    }

    /** Whether the sentence holds an identifier or an option that the question does not name. */
    private static boolean namesSomethingNew(Candidate c, Map<String, Double> asked) {
        for (String t : c.terms.keySet()) {
            if (t.startsWith("=") && !asked.containsKey(t)) {
                return true;
            }
        }
        return OPTION.matcher(c.text).find();
    }

    /** Near-identical sentences (the same terms, give or take a few) are quoted once. */
    private static boolean nearDuplicate(Set<String> a, Set<String> b) {
        int common = 0;
        for (String t : a) {
            if (b.contains(t)) {
                common++;
            }
        }
        int union = a.size() + b.size() - common;
        return union == 0 || (double) common / union >= 0.8;
    }

    /**
     * A text's terms with their weight: each word's stem, and for an identifier ({@code update-mime-database},
     * {@code Z_BUF_ERROR}, {@code zlib.h}) the whole token, counted on top of its parts, plus its parts' stems.
     */
    static Map<String, Double> terms(String text) {
        return terms(text, true);
    }

    /** A question's terms: as a document's, without the verbs a document's agent nouns also stand for. */
    static Map<String, Double> asked(String question) {
        return terms(question, false);
    }

    private static Map<String, Double> terms(String text, boolean document) {
        Map<String, Double> out = new HashMap<>();
        var m = TOKEN.matcher(text);
        while (m.find()) {
            String token = m.group();
            String lower = token.toLowerCase(Locale.ROOT);
            if (identifier(token)) {
                out.merge("=" + lower, IDENTIFIER_WEIGHT, Math::max);
                // "libtasn1.h" also names "libtasn1", "audio/x-midi" also "x-midi"
                for (String part : token.split("[./:]+")) {
                    if (!part.equals(token) && identifier(part)) {
                        out.merge("=" + part.toLowerCase(Locale.ROOT), IDENTIFIER_WEIGHT, Math::max);
                    }
                }
            }
            for (String part : PARTS.split(lower)) {
                if (!part.isEmpty() && !STOP.contains(part)) {
                    String stem = SAME.getOrDefault(stem(part), stem(part));
                    out.merge(stem, 1.0, Math::max);
                    if (PROGRAM.contains(stem)) {
                        out.merge("~program", 1.0, Math::max); // "which program …?" is answered by "… command"
                    }
                    // a document's "the owner is …" answers "who owns …?", its "visitors" "who visits …?" (only on
                    // the document's side: a question's word would count twice)
                    if (document && part.length() >= 5 && (part.endsWith("er") || part.endsWith("or"))) {
                        out.merge(stem(part.substring(0, part.length() - 2)), 1.0, Math::max);
                    }
                }
            }
        }
        return out;
    }

    /** Code-like: inner punctuation or underscores, letters mixed with digits, inner capitals, a leading % or $. */
    private static boolean identifier(String token) {
        if (token.length() >= 2 && (token.charAt(0) == '%' || token.charAt(0) == '$')) {
            return true; // a format directive or a variable: %M, $out
        }
        if (token.length() < 3) {
            return false;
        }
        if (token.chars().noneMatch(Character::isLetter)) {
            return false; // a number ("0.21", "4.19.0") is not a name
        }
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '_' || (i > 0 && "-./:".indexOf(c) >= 0)) {
                return true;
            }
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
            if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(token.charAt(i - 1))) {
                return true;
            }
        }
        return letter && digit;
    }

    /** A crude stem: common English suffixes off, then at most six letters ("databases" meets "database"). */
    private static String stem(String w) {
        // "carries" and "carried" meet "carry"
        if (w.length() > 4 && (w.endsWith("ies") || w.endsWith("ied"))) {
            return stem(w.substring(0, w.length() - 3) + "y");
        }
        String s = w;
        for (String suffix : List.of("ing", "ies", "es", "ed", "ly", "s")) {
            if (s.length() > suffix.length() + 3 && s.endsWith(suffix)) {
                s = s.substring(0, s.length() - suffix.length());
                // "capped" and "stopping" meet "cap" and "stop": a consonant doubled before the suffix goes
                boolean verbal = suffix.equals("ed") || suffix.equals("ing");
                int n = s.length();
                if (verbal
                        && n >= 3
                        && s.charAt(n - 1) == s.charAt(n - 2)
                        && "lsz".indexOf(s.charAt(n - 1)) < 0
                        && "aeiou".indexOf(s.charAt(n - 1)) < 0) {
                    s = s.substring(0, n - 1);
                }
                break;
            }
        }
        // "create", "created" and "creates" meet at "creat"
        if (s.length() > 3 && s.endsWith("e")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.length() > 6 ? s.substring(0, 6) : s;
    }
}
