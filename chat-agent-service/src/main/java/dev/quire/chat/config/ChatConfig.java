package dev.quire.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** chat-agent-service settings. */
@ConfigMapping(prefix = "quire.chat")
public interface ChatConfig {
    /** The OpenAI-compatible endpoint; absent means the offline extractive answerer. */
    Optional<String> llmBaseUrl();

    @WithDefault("gpt-4o-mini")
    String llmModel();

    /** Delay between the offline answerer's word frames. */
    @WithDefault("10")
    int offlineTokenDelayMs();

    /** Upper bound on completion tokens per answer. */
    @WithDefault("1024")
    int maxTokens();

    /** Token budget (prompt + completion) of a turn that arrives without a gateway reservation. */
    @WithDefault("8192")
    int defaultReservationTokens();
}
