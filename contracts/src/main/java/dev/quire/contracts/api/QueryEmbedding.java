package dev.quire.contracts.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * A query's embedding computed by the caller, sent with a search in the {@code X-Quire-Query-Embedding} header
 * ({@link dev.quire.contracts.Headers#QUERY_EMBEDDING}) as {@code <model>;<base64 of little-endian float32s>}: chat-agent
 * has already embedded the question for its answer cache, and retrieval uses the vector instead of embedding the
 * same text again, only for knowledge bases on that very model and dimension.
 */
public record QueryEmbedding(String model, float[] vector) {
    /** The header value. */
    public String header() {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return model + ";" + Base64.getEncoder().encodeToString(bytes.array());
    }

    /** The embedding a header names, or null when it is absent or malformed (the search then embeds itself). */
    public static QueryEmbedding parse(String header) {
        if (header == null) {
            return null;
        }
        int sep = header.indexOf(';');
        if (sep < 1 || header.length() > 64 * 1024) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(header.substring(sep + 1).strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length == 0 || raw.length % 4 != 0) {
            return null;
        }
        float[] v = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return null;
            }
        }
        return new QueryEmbedding(header.substring(0, sep).strip(), v);
    }
}
