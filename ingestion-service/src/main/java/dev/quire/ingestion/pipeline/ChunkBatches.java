package dev.quire.ingestion.pipeline;

import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentIngestRequested;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A document version's embedded chunks cut into {@code document.chunked} batches that stay under Kafka's 1 MB. */
final class ChunkBatches {
    private static final int MAX_BATCH_BYTES = 850_000;
    private static final int MAX_BATCH_CHUNKS = 200;

    private ChunkBatches() {}

    /** Deterministic chunk ids (document, version, index) make re-delivery an upsert, not a duplicate. */
    static String chunkId(UUID documentId, int version, int index) {
        return UUID.nameUUIDFromBytes((documentId + ":" + version + ":" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    static List<List<ChunkPayload>> of(DocumentIngestRequested e, List<Chunk> chunks, List<float[]> vectors) {
        List<List<ChunkPayload>> out = new ArrayList<>();
        List<ChunkPayload> current = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            // JSON size: text (escaped, UTF-8) + 384 floats of up to ~13 characters + field names
            int size = c.text().length() * 3 + vectors.get(i).length * 14 + 300;
            if (!current.isEmpty() && (bytes + size > MAX_BATCH_BYTES || current.size() >= MAX_BATCH_CHUNKS)) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(new ChunkPayload(
                    chunkId(e.documentId(), e.version(), c.index()),
                    c.index(),
                    c.text(),
                    vectors.get(i),
                    c.page(),
                    c.section(),
                    c.tokenCount()));
            bytes += size;
        }
        out.add(current);
        return out;
    }
}
