package dev.quire.contracts.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** A numbered source an answer refers to with {@code [n]}: the document, the chunk, and where in it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Citation(int n, UUID documentId, String chunkId, String filename, Integer page, String snippet) {}
