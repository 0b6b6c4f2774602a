package dev.quire.chat.cache;

import dev.quire.chat.agent.Turn;
import dev.quire.contracts.chat.Citation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * Decides whether a turn may use the answer cache and talks to it for the agent: only a first question (no
 * conversation history, not a regeneration, no {@code maxTokens} of its own) is looked up, and a cache that cannot
 * be reached only costs the lookup, never the answer.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class CacheGate {
    private static final Logger LOG = Logger.getLogger(CacheGate.class);

    /** A turn's lookup: where it looked, the question's embedding, and what it found. */
    public record Probe(CacheScope scope, float[] vector, AnswerCache.Lookup lookup) {
        public AnswerCache.Entry hit() {
            return lookup.hit();
        }
    }

    private final AnswerCacheConfig config;
    private final AnswerCache cache;
    private final QuestionEmbedder embedder;

    /**
     * The lookup for a turn whose history is already loaded, or null when the cache does not apply ({@code kbs} as
     * the agent searches them: null is every knowledge base the caller may read).
     */
    public Probe probe(Turn turn, List<UUID> kbs) {
        if (!config.enabled()
                || !turn.history().isEmpty()
                || turn.replaces() != null
                || turn.maxTokens() != null
                || (kbs != null && kbs.isEmpty())) {
            return null;
        }
        try {
            CacheScope scope = CacheScope.of(turn.caller(), kbs);
            float[] vector = embedder.embed(turn.content());
            return new Probe(scope, vector, cache.lookup(scope, vector));
        } catch (RuntimeException e) {
            LOG.warnf("answer cache lookup failed, answering without it: %s", e.toString());
            return null;
        }
    }

    /** Keeps a complete answer for the probe's scope (answers cut short, cancelled or failed are never kept). */
    public void remember(Probe probe, String question, String content, List<Citation> citations, String finishReason) {
        if (probe == null || !"stop".equals(finishReason)) {
            return;
        }
        try {
            cache.store(
                    probe.scope(),
                    probe.lookup().generation(),
                    question,
                    probe.vector(),
                    content,
                    citations,
                    finishReason);
        } catch (RuntimeException e) {
            LOG.warnf("answer cache store failed: %s", e.toString());
        }
    }
}
