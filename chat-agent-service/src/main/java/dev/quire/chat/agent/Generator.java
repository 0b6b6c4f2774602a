package dev.quire.chat.agent;

import dev.quire.chat.config.ChatConfig;
import dev.quire.contracts.api.SearchHit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Streams an answer: through the configured OpenAI-compatible model, or extractively when none is configured. */
@ApplicationScoped
public class Generator {
    /** The full answer and how it ended. */
    public record Generated(String text, String finishReason, int promptTokens, int completionTokens) {}

    private final ChatConfig config;
    private final OfflineAnswerer offline;
    private final Instance<GroundedAnswerer> llm;

    public Generator(ChatConfig config, OfflineAnswerer offline, Instance<GroundedAnswerer> llm) {
        this.config = config;
        this.offline = offline;
        this.llm = llm;
    }

    public String describe() {
        return config.llmBaseUrl().isPresent() ? "model " + config.llmModel() : "offline extractive answerer";
    }

    public Generated generate(
            String question, List<SearchHit> hits, int maxTokens, Consumer<String> onToken, BooleanSupplier cancelled) {
        String sources = sources(hits);
        int prompt = estimateTokens(sources) + estimateTokens(question) + 120;
        var text = new StringBuilder();
        int completion = 0;
        String finish = "stop";
        Iterable<String> deltas = config.llmBaseUrl().isPresent()
                ? llm.get().answer(sources, question).subscribe().asIterable()
                : words(offline.answer(question, hits));
        for (String delta : deltas) {
            if (cancelled.getAsBoolean()) {
                finish = "cancelled";
                break;
            }
            if (completion >= maxTokens) {
                finish = "length";
                break;
            }
            text.append(delta);
            completion += Math.max(1, estimateTokens(delta));
            onToken.accept(delta);
            if (config.llmBaseUrl().isEmpty()) {
                pause(config.offlineTokenDelayMs());
            }
        }
        return new Generated(text.toString(), finish, prompt, completion);
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
