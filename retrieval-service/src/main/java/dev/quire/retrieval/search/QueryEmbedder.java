package dev.quire.retrieval.search;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.quire.platform.runtime.OnnxShutdown;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Embeds queries with the same in-process MiniLM as ingestion, caching recent query texts. */
@ApplicationScoped
@Startup
public class QueryEmbedder {
    public static final String MODEL = "all-minilm-l6-v2-q";
    private static final int CACHE = 2048;

    private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    private final Map<String, float[]> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> e) {
            return size() > CACHE;
        }
    };

    public QueryEmbedder() {
        OnnxShutdown.keepEnvironmentUntilExit(); // the searches in flight on SIGTERM still embed (see its Javadoc)
    }

    public float[] embed(String text) {
        synchronized (cache) {
            float[] hit = cache.get(text);
            if (hit != null) {
                return hit;
            }
        }
        float[] v = model.embed(text).content().vector();
        synchronized (cache) {
            cache.put(text, v);
        }
        return v;
    }
}
