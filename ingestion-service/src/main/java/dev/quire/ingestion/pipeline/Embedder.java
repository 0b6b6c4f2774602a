package dev.quire.ingestion.pipeline;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The in-process all-MiniLM-L6-v2 (int8) model; texts go to it in batches, not one call per text. */
@ApplicationScoped
@Startup
public class Embedder {
    public static final String MODEL = "all-minilm-l6-v2-q";
    public static final int DIMENSION = 384;
    private static final int BATCH = 64;

    private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += BATCH) {
            var segments = texts.subList(i, Math.min(texts.size(), i + BATCH)).stream()
                    .map(TextSegment::from)
                    .toList();
            model.embedAll(segments).content().forEach(e -> out.add(e.vector()));
        }
        return out;
    }
}
