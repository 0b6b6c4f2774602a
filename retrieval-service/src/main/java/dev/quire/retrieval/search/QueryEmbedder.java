package dev.quire.retrieval.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.quire.contracts.api.QueryEmbedding;
import dev.quire.platform.embedding.MiniLm;
import dev.quire.retrieval.config.EmbeddingConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lombok.RequiredArgsConstructor;

/**
 * Embeds queries with the model of the knowledge base searched: the same in-process MiniLM as ingestion, or the
 * knowledge base's OpenAI-compatible model (langchain4j's {@link OpenAiEmbeddingModel}) at the configured endpoint.
 * Recent query texts are cached per model.
 */
@ApplicationScoped
@Startup
@RequiredArgsConstructor
public class QueryEmbedder {
    public static final String MODEL = MiniLm.NAME;
    /** MiniLM's vector size. */
    public static final int DIMENSION = MiniLm.DIMENSION;

    private static final int CACHE = 2048;

    private final EmbeddingModel miniLm = MiniLm.load(Runnable::run);
    private final EmbeddingConfig config;
    private final Map<String, EmbeddingModel> remote = new ConcurrentHashMap<>();
    private final Map<String, float[]> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> e) {
            return size() > CACHE;
        }
    };

    /** Whether chunks of {@code model} can be searched here (their queries can be embedded with it). */
    public boolean supports(String model) {
        return MODEL.equals(model)
                || model != null && !model.isBlank() && config.baseUrl().isPresent();
    }

    /** The query's MiniLM vector. */
    public float[] embed(String text) {
        return embed(MODEL, text);
    }

    /** The query's vector in {@code model}'s space. */
    public float[] embed(String model, String text) {
        String key = model + '\n' + text;
        synchronized (cache) {
            float[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        EmbeddingModel m = MODEL.equals(model) ? miniLm : remote.computeIfAbsent(model, this::openAi);
        float[] v = m.embed(text).content().vector();
        synchronized (cache) {
            cache.put(key, v);
        }
        return v;
    }

    /**
     * The query's vector in {@code model}'s space: {@code given} (what chat-agent already computed for the same text)
     * when it names the in-process MiniLM, {@code model} is that same model and the size is MiniLM's, else embedded
     * here. A vector of another model, even one of the same size, is never compared with this model's chunks.
     */
    public float[] embed(String model, String text, QueryEmbedding given) {
        if (given != null && MODEL.equals(model) && MODEL.equals(given.model()) && given.vector().length == DIMENSION) {
            return given.vector();
        }
        return embed(model, text);
    }

    private EmbeddingModel openAi(String model) {
        return OpenAiEmbeddingModel.builder()
                .baseUrl(config.baseUrl()
                        .orElseThrow(() -> new IllegalStateException("no OpenAI-compatible embedding endpoint")))
                .apiKey(config.apiKey().orElse(""))
                .modelName(model)
                .timeout(config.timeout())
                .maxRetries(config.maxRetries())
                .build();
    }
}
