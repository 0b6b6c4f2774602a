package dev.quire.ingestion.pipeline;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.quire.platform.runtime.OnnxShutdown;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * all-MiniLM-L6-v2 (int8, the model langchain4j ships) in process, a batch's texts spread over a small fixed pool
 * sharing one ONNX session whose every inference runs on a single thread.
 *
 * <p>Why single-threaded inferences: with ONNX's defaults each ~110-token text is split over both cores and the idle
 * intra-op threads spin, so two texts in flight fight four busy threads — 40 texts/s here against 55–68 with one
 * thread per inference and no spinning (docs/BENCHMARKS.md), and the spinning also starved parsing and indexing.
 * Padding texts into one batched call was tried and dropped: slower on the int8 model and it moved vectors (cosine
 * 0.988 to the unpadded ones retrieval's queries match).
 */
final class OnnxEmbeddings implements Embedder.Backend {
    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final ExecutorService pool;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final MiniLm model;

    OnnxEmbeddings(int threads) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "onnx-embed");
            t.setDaemon(true);
            return t;
        });
        try (InputStream weights = resource(MODEL);
                InputStream tokenizer = resource(TOKENIZER)) {
            var env = OrtEnvironment.getEnvironment();
            OnnxShutdown.keepEnvironmentUntilExit(); // claimed items still embed while a SIGTERM drains
            this.options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(weights.readAllBytes(), options);
            this.model = new MiniLm(pool, new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN));
        } catch (IOException | OrtException e) {
            pool.shutdownNow();
            throw new IllegalStateException("the MiniLM model cannot be loaded: " + e.getMessage(), e);
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
        try {
            session.close();
        } catch (OrtException e) {
            // closing at shutdown: nothing left to save
        }
        options.close();
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = OnnxEmbeddings.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path");
        }
        return in;
    }

    /** langchain4j's in-process model over an encoder built on our session (its own factory takes no options). */
    private static final class MiniLm extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        MiniLm(Executor executor, OnnxBertBiEncoder encoder) {
            super(executor);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }
}
