package dev.quire.ingestion.pipeline;

/** A piece of a document sized for the embedding model. */
public record Chunk(int index, String text, Integer page, String section, int tokenCount) {}
