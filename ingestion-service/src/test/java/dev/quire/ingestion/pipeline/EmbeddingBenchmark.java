package dev.quire.ingestion.pipeline;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test ({@code make bench BENCH=ingestion}): in-process MiniLM embedding rate for chunk-sized texts
 * (~110 word pieces), one text per call against batches over a small pool. Prints "[bench]" lines.
 */
@Tag("bench")
class EmbeddingBenchmark {
    private static final int TEXTS = 384;

    private static List<String> texts() {
        String[] words = ("policy travel budget expense contract invoice schedule training safety audit review"
                        + " employee manager approval receipt mileage hotel flight conference equipment laptop")
                .split(" ");
        var rnd = new Random(42);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < TEXTS; i++) {
            var sb = new StringBuilder();
            for (int w = 0; w < 85; w++) {
                sb.append(words[rnd.nextInt(words.length)]).append(w % 12 == 11 ? ". " : " ");
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void batchedAgainstOneTextPerCall() {
        List<String> texts = texts();
        // the baseline: langchain4j's stock model (ONNX defaults), one text per call
        var stock = new AllMiniLmL6V2QuantizedEmbeddingModel();
        stock.embed(texts.get(0));
        long s = System.nanoTime();
        for (String t : texts) {
            stock.embed(t);
        }
        System.out.printf(
                "[bench] embed-only MiniLM int8, %d texts of ~110 word pieces, stock model one text per call: %.1f"
                        + " texts/s%n",
                TEXTS, TEXTS / ((System.nanoTime() - s) / 1e9));
        for (int threads : new int[] {1, 2}) {
            try (var onnx = new OnnxEmbeddings(threads)) {
                onnx.embedBatch(texts.subList(0, 32)); // warm-up
                long t0 = System.nanoTime();
                for (String t : texts) {
                    onnx.embedBatch(List.of(t));
                }
                double single = TEXTS / ((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                for (int i = 0; i < TEXTS; i += 32) {
                    onnx.embedBatch(texts.subList(i, Math.min(TEXTS, i + 32)));
                }
                double batched = TEXTS / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(
                        "[bench] embed-only MiniLM int8, %d texts, Quire's session (1 thread per inference), pool of"
                                + " %d: one text per call %.1f texts/s, batches of 32 %.1f texts/s%n",
                        TEXTS, threads, single, batched);
            }
        }
    }
}
