package dev.quire.ingestion.pipeline;

import dev.langchain4j.data.segment.TextSegment;
import dev.quire.platform.embedding.MiniLm;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The in-process MiniLM ({@link MiniLm}: one ONNX session, single-threaded inferences without spinning) with a batch's
 * texts spread over a small fixed pool.
 *
 * <p>Padding texts into one batched call was tried and dropped: slower on the int8 model and it moved vectors (cosine
 * 0.988 to the unpadded ones retrieval's queries match).
 */
final class OnnxEmbeddings implements Embedder.Backend {
    private final ExecutorService pool;
    private final MiniLm model;

    OnnxEmbeddings(int threads) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "onnx-embed");
            t.setDaemon(true);
            return t;
        });
        try {
            this.model = MiniLm.load(pool);
        } catch (RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
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
        try {
            // a native run cannot be interrupted: closing the session under one crashed the JVM (SIGSEGV in
            // onnxruntime at shutdown, while a worker was still embedding); a batch takes well under a second
            if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                return; // still running: leave the native session to the process's exit rather than crash
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        model.close();
    }
}
