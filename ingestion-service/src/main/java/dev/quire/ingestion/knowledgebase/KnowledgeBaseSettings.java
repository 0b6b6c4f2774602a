package dev.quire.ingestion.knowledgebase;

import dev.quire.ingestion.config.IngestionConfig;
import dev.quire.ingestion.pipeline.Embedder;
import dev.quire.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a knowledge base's model and chunking settings against what this deployment can produce: a knowledge base
 * picks one of the embedding models on offer at its creation (a model or dimension not on offer is refused), and its
 * chunks must fit that model's window.
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
        this.defaults = new KnowledgeBaseStore.Chunking(config.chunkTokens(), config.chunkOverlapTokens());
    }

    /**
     * The model a new knowledge base gets ({@code model} or, when absent, the deployment's default); refuses a model
     * or dimension this deployment does not embed with (400 {@code embedding_model_unsupported}).
     */
    public String requireModel(String model, Integer dimension) {
        String chosen = model == null ? embedder.model() : model;
        if (!embedder.offers(chosen) || dimension != null && dimension != embedder.dimension(chosen)) {
            throw new ApiException(
                    400,
                    "embedding_model_unsupported",
                    "this deployment embeds with " + embedder.offered() + "; a knowledge base for " + chosen
                            + (dimension == null ? "" : " (" + dimension + " dimensions)") + " cannot be created");
        }
        return chosen;
    }

    /** Refuses work on a knowledge base created for a model this deployment no longer offers (409). */
    public void requireMatch(KnowledgeBaseStore.KnowledgeBase kb) {
        String reason = mismatch(kb.embeddingModel(), kb.dimension());
        if (reason != null) {
            throw new ApiException(409, "embedding_model_mismatch", reason);
        }
    }

    /** Why a knowledge base of this model and dimension cannot be embedded here, or null when it can. */
    public String mismatch(String model, int dimension) {
        if (embedder.offers(model) && dimension == embedder.dimension(model)) {
            return null;
        }
        return "the knowledge base was created for " + model + " (" + dimension + " dimensions) but this deployment"
                + " embeds with " + embedder.offered();
    }

    /**
     * The chunking a create or PATCH asks for, merged over {@code current} (null: the defaults, within the model's
     * window), validated against the knowledge base's {@code model}.
     */
    public KnowledgeBaseStore.Chunking chunking(ChunkingBody body, KnowledgeBaseStore.Chunking current, String model) {
        if (!embedder.offers(model)) {
            throw new ApiException(409, "embedding_model_mismatch", "this deployment no longer embeds with " + model);
        }
        int limit = embedder.maxChunkTokens(model);
        var base = current != null
                ? current
                : new KnowledgeBaseStore.Chunking(
                        Math.min(defaults.maxTokens(), limit),
                        Math.min(defaults.overlapTokens(), Math.min(defaults.maxTokens(), limit) / 2));
        if (body == null) {
            return base;
        }
        int max = body.maxTokens() == null ? base.maxTokens() : body.maxTokens();
        int overlap = body.overlapTokens() == null ? Math.min(base.overlapTokens(), max / 2) : body.overlapTokens();
        if (max < MIN_CHUNK_TOKENS || max > limit) {
            throw ApiException.validation("chunking.maxTokens must be between " + MIN_CHUNK_TOKENS + " and " + limit
                    + " (" + model + " reads " + (limit + 2) + " word pieces including its two markers)");
        }
        if (overlap < 0 || overlap > max / 2) {
            throw ApiException.validation(
                    "chunking.overlapTokens must be between 0 and half of maxTokens (" + max / 2 + ")");
        }
        return new KnowledgeBaseStore.Chunking(max, overlap);
    }
}
