package dev.quire.ingestion.pipeline;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * all-MiniLM-L6-v2 (int8) in process through langchain4j, a batch's texts spread over a small fixed pool sharing one
 * ONNX session. Padding texts into one batched ONNX call was tried and dropped: on the int8 model it ran slower
 * here (57 against 75 texts/s) and moved vectors (cosine 0.988 to the unpadded ones retrieval's queries match).
 */
final class OnnxEmbeddings implements Embedder.Backend {
    private final ExecutorService pool;
    private final AllMiniLmL6V2QuantizedEmbeddingModel model;

    OnnxEmbeddings(int threads) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "onnx-embed");
            t.setDaemon(true);
            return t;
        });
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(pool);
    }

    @Override
    public List<float[]> embedBatch(List<String> texts) {
        return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(e -> e.vector())
                .toList();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
