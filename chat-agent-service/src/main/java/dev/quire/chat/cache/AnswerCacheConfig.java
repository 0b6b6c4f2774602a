package dev.quire.chat.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the semantic answer cache. */
@ConfigMapping(prefix = "quire.chat.answer-cache")
public interface AnswerCacheConfig {
    /** Whether first questions (no conversation history) may be answered from the cache. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The cosine similarity of two questions' MiniLM embeddings at or above which one's answer serves the other.
     * High on purpose: "refund policy for enterprise customers" and "… for free customers" score about 0.9.
     */
    @WithDefault("0.95")
    double threshold();

    /** How long a cached answer lives. */
    @WithDefault("24h")
    Duration ttl();

    /** Cached answers per knowledge base; past it the oldest go. */
    @WithDefault("500")
    int maxEntriesPerKb();
}
