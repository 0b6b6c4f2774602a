package dev.quire.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** chat-agent-service settings. */
@ConfigMapping(prefix = "quire.chat")
public interface ChatConfig {
    /** The OpenAI-compatible endpoint; absent means the offline extractive answerer. */
    Optional<String> llmBaseUrl();

    @WithDefault("gpt-4o-mini")
    String llmModel();

    /** The bearer key sent to the model endpoint. */
    @WithDefault("none")
    String llmApiKey();

    /** Time allowed for one model call, headers to last chunk. */
    @WithDefault("60")
    int llmTimeoutSeconds();

    /** Tool calls one answer may make; past it the model must answer from what it has. */
    @WithDefault("4")
    int maxToolCalls();

    /** Earlier messages of a conversation the model sees, newest first, up to this many (estimated) tokens. */
    @WithDefault("2000")
    int historyTokens();

    /** Hosts answers may link to or show images from; links to any other host are reduced to their text. */
    Optional<List<String>> allowedLinkHosts();

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
