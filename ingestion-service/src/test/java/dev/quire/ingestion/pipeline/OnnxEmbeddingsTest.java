package dev.quire.ingestion.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tuned in-process session must give the vectors of the stock model, which retrieval embeds queries with. A
 * Quarkus test only so it shares the application's class loader: the tokenizer's native library, once loaded by the
 * other tests' application, cannot be loaded again by a plain JUnit class loader in the same JVM.
 */
@QuarkusTest
class OnnxEmbeddingsTest {
    private static final List<String> TEXTS = List.of(
            "Expense reports are due within thirty days of travel.",
            "The broker keeps every partition's log on local disk; replicas follow the leader.",
            "Kündigungsfrist: drei Monate zum Quartalsende.",
            "a",
            "Hybrid retrieval fuses BM25 and dense rankings, then reranks the head of the list.");

    private static OnnxEmbeddings tuned;

    @BeforeAll
    static void load() {
        tuned = new OnnxEmbeddings(2);
    }

    @AfterAll
    static void close() {
        tuned.close();
    }

    @Test
    void vectorsMatchTheStockModelThatEmbedsQueries() {
        var stock = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<float[]> ours = tuned.embedBatch(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] theirs = stock.embed(TEXTS.get(i)).content().vector();
            assertEquals(384, ours.get(i).length);
            double cos = cosine(ours.get(i), theirs);
            assertTrue(cos > 0.9999, "text " + i + " drifted: cosine " + cos);
        }
    }

    @Test
    void aBatchKeepsTheOrderOfItsTexts() {
        List<float[]> batch = tuned.embedBatch(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] alone = tuned.embedBatch(List.of(TEXTS.get(i))).get(0);
            assertTrue(cosine(batch.get(i), alone) > 0.99999, "text " + i + " came back out of place");
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
