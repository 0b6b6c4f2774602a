package dev.quire.ingestion.knowledgebase;

import dev.quire.ingestion.config.IngestionConfig;
import dev.quire.ingestion.pipeline.Embedder;
import dev.quire.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a knowledge base's model and chunking settings against what this deployment can produce: a chunk must fit
 * the embedding model's window, and a knowledge base asking for another model or dimension is refused.
 */
@ApplicationScoped
public class KnowledgeBaseSettings {
    /** Smallest chunk worth embedding, in word pieces. */
    static final int MIN_CHUNK_TOKENS = 16;

    /** {@code chunking} in a request body; absent fields keep their current (or default) value. */
    public record ChunkingBody(Integer maxTokens, Integer overlapTokens) {}

    private final Embedder embedder;
    private final KnowledgeBaseStore.Chunking defaults;

    public KnowledgeBaseSettings(Embedder embedder, IngestionConfig config) {
        this.embedder = embedder;
        this.defaults = new KnowledgeBaseStore.Chunking(
                Math.min(config.chunkTokens(), embedder.maxChunkTokens()), config.chunkOverlapTokens());
    }

    /** Refuses a model or dimension this deployment does not embed with (400 {@code embedding_model_unsupported}). */
    public void requireModel(String model, Integer dimension) {
        boolean modelOk = model == null || model.equals(embedder.model());
        boolean dimensionOk = dimension == null || dimension == embedder.dimension();
        if (!modelOk || !dimensionOk) {
            throw new ApiException(
                    400,
                    "embedding_model_unsupported",
                    "this deployment embeds with " + embedder.model() + " (" + embedder.dimension()
                            + " dimensions); a knowledge base for " + (model == null ? embedder.model() : model)
                            + " (" + (dimension == null ? embedder.dimension() : dimension)
                            + " dimensions) cannot be created");
        }
    }

    /** Refuses work on a knowledge base created for another model (409 {@code embedding_model_mismatch}). */
    public void requireMatch(KnowledgeBaseStore.KnowledgeBase kb) {
        String reason = mismatch(kb.embeddingModel(), kb.dimension());
        if (reason != null) {
            throw new ApiException(409, "embedding_model_mismatch", reason);
        }
    }

    /** Why a knowledge base of this model and dimension cannot be embedded here, or null when it can. */
    public String mismatch(String model, int dimension) {
        if (model.equals(embedder.model()) && dimension == embedder.dimension()) {
            return null;
        }
        return "the knowledge base was created for " + model + " (" + dimension + " dimensions) but this deployment"
                + " embeds with " + embedder.model() + " (" + embedder.dimension() + " dimensions)";
    }

    /** The chunking a create or PATCH asks for, merged over {@code current} (null: the defaults), validated. */
    public KnowledgeBaseStore.Chunking chunking(ChunkingBody body, KnowledgeBaseStore.Chunking current) {
        var base = current == null ? defaults : current;
        if (body == null) {
            return base;
        }
        int max = body.maxTokens() == null ? base.maxTokens() : body.maxTokens();
        int overlap = body.overlapTokens() == null ? Math.min(base.overlapTokens(), max / 2) : body.overlapTokens();
        int limit = embedder.maxChunkTokens();
        if (max < MIN_CHUNK_TOKENS || max > limit) {
            throw ApiException.validation("chunking.maxTokens must be between " + MIN_CHUNK_TOKENS + " and " + limit
                    + " (" + embedder.model() + " reads " + (limit + 2) + " word pieces including its two markers)");
        }
        if (overlap < 0 || overlap > max / 2) {
            throw ApiException.validation(
                    "chunking.overlapTokens must be between 0 and half of maxTokens (" + max / 2 + ")");
        }
        return new KnowledgeBaseStore.Chunking(max, overlap);
    }
}
