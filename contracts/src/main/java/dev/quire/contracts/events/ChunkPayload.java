package dev.quire.contracts.events;

/** One chunk of a {@link DocumentChunked} batch; {@code chunkId} is derived from document, version and index. */
public record ChunkPayload(
        String chunkId, int index, String text, float[] embedding, Integer page, String section, int tokenCount) {}
