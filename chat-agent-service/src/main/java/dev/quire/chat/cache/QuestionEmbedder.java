package dev.quire.chat.cache;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.quire.platform.embedding.MiniLm;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Embeds questions with the in-process MiniLM the other services use; with the cache on the model loads in the
 * background at start (so the first question does not wait for it), with it off never.
 */
@ApplicationScoped
public class QuestionEmbedder {
    /** The model's name as knowledge bases record it (retrieval accepts the vector only for the same model). */
    public static final String MODEL = MiniLm.NAME;

    private volatile EmbeddingModel model;

    void warm(@Observes StartupEvent event, AnswerCacheConfig config) {
        if (config.enabled()) {
            var warmUp = new Thread(this::model, "minilm-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
    }

    /** The question's unit-length embedding. */
    public float[] embed(String question) {
        return normalized(model().embed(question).content().vector());
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    model = MiniLm.load(Runnable::run);
                }
                m = model;
            }
        }
        return m;
    }

    static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /** Cosine similarity of two unit vectors. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return -1;
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
