package dev.quire.platform.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.quire.platform.runtime.OnnxShutdown;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;

/**
 * all-MiniLM-L6-v2 (int8, the model langchain4j ships) in process, on one ONNX session whose every inference runs on
 * a single thread without spinning: the one way ingestion embeds chunks and retrieval and chat-agent embed questions,
 * so their vectors agree.
 *
 * <p>Why not langchain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel}: its factory takes no session options, and
 * ONNX's defaults split each short text over both cores while the idle intra-op threads spin. On these 2 cores that
 * cost ingestion 40 texts/s against 55–68 (docs/BENCHMARKS.md, "Ingestion"), and a chat turn's question embedding
 * took 7–11 ms under load with the default session against less with this one ("First token"): the spinning threads
 * took the cores the rest of the turn needed.
 */
public final class MiniLm extends AbstractInProcessEmbeddingModel implements AutoCloseable {
    /** The model's name as knowledge bases record it. */
    public static final String NAME = "all-minilm-l6-v2-q";

    public static final int DIMENSION = 384;

    private static final String WEIGHTS = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final OnnxBertBiEncoder encoder;

    private MiniLm(
            Executor executor, OrtSession.SessionOptions options, OrtSession session, OnnxBertBiEncoder encoder) {
        super(executor);
        this.options = options;
        this.session = session;
        this.encoder = encoder;
    }

    /**
     * Loads the model; {@code executor} runs the texts of one {@code embedAll} call in parallel (a single text always
     * runs on the caller's thread).
     */
    public static MiniLm load(Executor executor) {
        try (InputStream weights = resource(WEIGHTS);
                InputStream tokenizer = resource(TOKENIZER)) {
            var env = OrtEnvironment.getEnvironment();
            OnnxShutdown.keepEnvironmentUntilExit(); // work in flight on SIGTERM still embeds
            var options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            var session = env.createSession(weights.readAllBytes(), options);
            return new MiniLm(
                    executor, options, session, new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN));
        } catch (IOException | OrtException e) {
            throw new IllegalStateException("the MiniLM model cannot be loaded: " + e.getMessage(), e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return DIMENSION;
    }

    /** Frees the native session: only once no inference runs (closing under one crashed the JVM). */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing at shutdown: nothing left to save
        }
        options.close();
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MiniLm.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path");
        }
        return in;
    }
}
