package dev.quire.ingestion.pipeline;

import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import dev.quire.ingestion.config.IngestionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.BreakIterator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Splits sections into chunks along paragraphs and sentences, sized in the embedding model's own word pieces, with
 * a few sentences of overlap. A chunk never spans two pages or two sections, so its page and title stay true.
 */
@ApplicationScoped
public class Chunker {
    private final HuggingFaceTokenCountEstimator tokens = new HuggingFaceTokenCountEstimator();
    private final int defaultMax;
    private final int defaultOverlap;

    public Chunker(IngestionConfig config) {
        this.defaultMax = config.chunkTokens();
        this.defaultOverlap = config.chunkOverlapTokens();
    }

    /** Chunks with this deployment's default sizes. */
    public List<Chunk> chunk(ParsedDocument doc) {
        return chunk(doc, defaultMax, defaultOverlap);
    }

    /** Chunks of at most {@code maxTokens} word pieces, carrying up to {@code overlapTokens} into the next. */
    public List<Chunk> chunk(ParsedDocument doc, int maxTokens, int overlapTokens) {
        List<Chunk> out = new ArrayList<>();
        for (var section : doc.sections()) {
            for (String piece : pack(units(section.text(), maxTokens), maxTokens, overlapTokens)) {
                out.add(new Chunk(out.size(), piece, section.page(), section.title(), count(piece)));
            }
        }
        return out;
    }

    public int count(String text) {
        return tokens.estimateTokenCountInText(text);
    }

    /** Sentences of every paragraph, with any sentence longer than a chunk cut by words. */
    private List<String> units(String text, int max) {
        List<String> units = new ArrayList<>();
        for (String para : text.split("\\n\\s*\\n|\\n")) {
            String p = para.strip();
            if (p.isEmpty()) {
                continue;
            }
            var it = BreakIterator.getSentenceInstance(Locale.ROOT);
            it.setText(p);
            for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
                String s = p.substring(start, end).strip();
                if (!s.isEmpty()) {
                    units.addAll(count(s) > max ? byWords(s, max) : List.of(s));
                }
            }
        }
        return units;
    }

    private List<String> byWords(String sentence, int max) {
        List<String> out = new ArrayList<>();
        var sb = new StringBuilder();
        for (String w : sentence.split("\\s+")) {
            String candidate = sb.isEmpty() ? w : sb + " " + w;
            if (!sb.isEmpty() && count(candidate) > max) {
                out.add(sb.toString());
                sb.setLength(0);
                sb.append(w);
            } else {
                sb.setLength(0);
                sb.append(candidate);
            }
        }
        if (!sb.isEmpty()) {
            out.add(sb.toString());
        }
        return out;
    }

    private List<String> pack(List<String> units, int max, int overlap) {
        List<String> chunks = new ArrayList<>();
        Deque<String> current = new ArrayDeque<>();
        int size = 0;
        boolean fresh = false; // current holds something not yet emitted
        for (String u : units) {
            int t = count(u);
            if (size + t > max && fresh) {
                chunks.add(String.join(" ", current));
                // keep trailing sentences up to the overlap budget
                Deque<String> tail = new ArrayDeque<>();
                int tailSize = 0;
                for (var it = current.descendingIterator(); it.hasNext(); ) {
                    String s = it.next();
                    int st = count(s);
                    if (tailSize + st > overlap || tailSize + st + t > max) {
                        break;
                    }
                    tail.addFirst(s);
                    tailSize += st;
                }
                current = tail;
                size = tailSize;
                fresh = false;
            }
            current.addLast(u);
            size += t;
            fresh = true;
        }
        if (fresh) {
            chunks.add(String.join(" ", current));
        }
        return chunks;
    }
}
