package dev.quire.chat.agent;

import dev.quire.chat.config.ChatConfig;
import dev.quire.contracts.api.SearchHit;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import lombok.RequiredArgsConstructor;

/**
 * Streams an answer: through the configured OpenAI-compatible model, or extractively when none is configured, never
 * spending more than the turn's token budget (estimated prompt + counted completion).
 */
@ApplicationScoped
@RequiredArgsConstructor
public class Generator {
    /** Tokens of the fixed instructions around the sources and the question. */
    static final int PROMPT_OVERHEAD = 120;
    /** Sources are dropped (last first) until at least this many completion tokens fit in the budget. */
    static final int MIN_COMPLETION = 32;

    /** The full answer, how it ended, what it spent and the sources it was given (numbered from 1). */
    public record Generated(
            String text, String finishReason, int promptTokens, int completionTokens, List<SearchHit> sources) {}

    private final ChatConfig config;
    private final OfflineAnswerer offline;

    public String describe() {
        return config.llmBaseUrl().isPresent() ? "model " + config.llmModel() : "offline extractive answerer";
    }

    /** The model name usage is recorded under. */
    public String model() {
        return config.llmBaseUrl().isPresent() ? config.llmModel() : "offline-extractive";
    }

    /**
     * Generates within {@code budget} tokens in all (prompt + completion) and at most {@code maxCompletion}
     * completion tokens; ends with finishReason {@code length} when a cap cuts the answer, {@code cancelled} when
     * {@code cancelled} turns true.
     */
    public Generated generate(
            String question,
            List<SearchHit> hits,
            int maxCompletion,
            int budget,
            Consumer<String> onToken,
            BooleanSupplier cancelled) {
        List<SearchHit> used = new ArrayList<>(hits);
        int prompt = promptTokens(question, used);
        while (used.size() > 1 && prompt + MIN_COMPLETION > budget) {
            used.remove(used.size() - 1);
            prompt = promptTokens(question, used);
        }
        if (cancelled.getAsBoolean()) {
            return new Generated("", "cancelled", 0, 0, used);
        }
        if (prompt >= budget || maxCompletion <= 0) {
            return new Generated("", "length", 0, 0, used); // nothing was sent to a model, so nothing was spent
        }
        int cap = Math.min(maxCompletion, budget - prompt);
        var text = new StringBuilder();
        int completion = 0;
        String finish = "stop";
        var answer = Citations.inCitationOrder(offline.answer(question, used), used);
        try (Stream<String> deltas = words(answer.answer()).stream()) {
            Iterator<String> it = deltas.iterator();
            while (it.hasNext()) {
                String delta = it.next();
                if (cancelled.getAsBoolean()) {
                    finish = "cancelled";
                    break;
                }
                int cost = Math.max(1, estimateTokens(delta));
                if (completion + cost > cap) {
                    finish = "length";
                    break;
                }
                text.append(delta);
                completion += cost;
                onToken.accept(delta);
                pause(config.offlineTokenDelayMs());
            }
        }
        return new Generated(text.toString(), finish, prompt, completion, answer.sources());
    }

    /** The prompt's size: sources and question at about four characters a token, plus the fixed instructions. */
    static int promptTokens(String question, List<SearchHit> hits) {
        return estimateTokens(sources(hits)) + estimateTokens(question) + PROMPT_OVERHEAD;
    }

    static String sources(List<SearchHit> hits) {
        var sb = new StringBuilder();
        for (int i = 0; i < hits.size(); i++) {
            var h = hits.get(i);
            sb.append('[').append(i + 1).append("] ").append(h.filename());
            if (h.page() != null) {
                sb.append(", page ").append(h.page());
            }
            sb.append('\n').append(h.text()).append("\n\n");
        }
        return sb.toString();
    }

    /** One frame per word, whitespace kept with the word before it. */
    static List<String> words(String text) {
        return List.of(text.split("(?<=\\s)(?=\\S)"));
    }

    /**
     * A tokenizer-free estimate: one token per four characters, rounded up. BPE tokenizers of OpenAI-style models
     * average about four characters of English per token; counting each streamed delta on its own rounds up per
     * delta, so completions are over- rather than under-counted.
     */
    static int estimateTokens(String s) {
        return (s.length() + 3) / 4;
    }

    private static void pause(int ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
