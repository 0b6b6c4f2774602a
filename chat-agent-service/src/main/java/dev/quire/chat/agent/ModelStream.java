package dev.quire.chat.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingResponseBuilder;
import dev.langchain4j.model.openai.internal.OpenAiClient;
import dev.langchain4j.model.openai.internal.OpenAiUtils;
import dev.langchain4j.model.openai.internal.ResponseHandle;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionResponse;
import dev.langchain4j.model.openai.internal.shared.StreamOptions;
import dev.langchain4j.model.output.FinishReason;
import dev.quire.chat.config.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * One streamed model round on langchain4j: the request is langchain4j's {@link ChatRequest} (messages, tool
 * specifications, token cap), mapped and sent by the OpenAI client quarkus-langchain4j provides, and the chunks are
 * assembled by langchain4j's {@link OpenAiStreamingResponseBuilder}. What stays Quire's own is the cancel: the
 * extension's {@code StreamingChatModel} (1.10.0) hands its handler a no-op {@code StreamingHandle}, so a cancelled
 * answer would keep streaming from the model to its end (measured in {@code ModelCancelTest}, docs/DESIGN.md "Model
 * layer"); this class keeps the client's {@link ResponseHandle}, whose cancel ends the subscription and closes the
 * HTTP connection. Deltas are handed to the caller on its own thread, never on the client's event loop.
 * One class because the mapping, the subscription and its cancel handle are the lifecycle of one round.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ModelStream {
    /** One round's outcome: what langchain4j assembled (null when cut), and how it ended. */
    public record Round(String content, List<ToolExecutionRequest> toolCalls, String finishReason, ChatResponse raw) {
        public Integer promptTokens() {
            return raw == null || raw.tokenUsage() == null
                    ? null
                    : raw.tokenUsage().inputTokenCount();
        }

        public Integer completionTokens() {
            return raw == null || raw.tokenUsage() == null
                    ? null
                    : raw.tokenUsage().outputTokenCount();
        }
    }

    private static final Logger LOG = Logger.getLogger(ModelStream.class);
    private static final Object END = new Object();

    private final ChatConfig config;
    private volatile OpenAiClient client;

    /** The extension's OpenAI client (its builder factory is found by langchain4j's service loader). */
    private OpenAiClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    Duration timeout = Duration.ofSeconds(config.llmTimeoutSeconds());
                    client = OpenAiClient.builder()
                            .baseUrl(config.llmBaseUrl().orElseThrow().replaceAll("/+$", "") + "/")
                            .apiKey(config.llmApiKey())
                            .connectTimeout(Duration.ofSeconds(5))
                            .readTimeout(timeout)
                            .build();
                }
            }
        }
        return client;
    }

    /**
     * Streams one completion. {@code onDelta} gets each content delta on the calling thread and answers false to stop
     * (the connection closes, finish reason {@code length}); {@code cancelled} is checked at least every 100 ms.
     * A request whose connection failed before the model sent anything (a pooled keep-alive connection the server
     * closed just as the request went out) is sent once more on a new connection, as OpenAI's own SDKs retry
     * connection errors; a failure after the first byte, or an HTTP error status, is never retried.
     */
    public Round stream(
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            int maxTokens,
            Predicate<String> onDelta,
            BooleanSupplier cancelled) {
        try {
            return once(messages, tools, maxTokens, onDelta, cancelled);
        } catch (Unanswered first) {
            LOG.infof("the model's connection failed before any answer, sending again: %s", first.getCause());
            try {
                return once(messages, tools, maxTokens, onDelta, cancelled);
            } catch (Unanswered again) {
                throw new IllegalStateException(
                        "the model call failed: " + again.getCause().getMessage(), again.getCause());
            }
        }
    }

    /** The connection failed before the model answered anything: nothing was streamed, the request may be resent. */
    private static final class Unanswered extends RuntimeException {
        Unanswered(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private Round once(
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            int maxTokens,
            Predicate<String> onDelta,
            BooleanSupplier cancelled) {
        boolean withTools = tools != null && !tools.isEmpty();
        var parameters = OpenAiChatRequestParameters.builder()
                .modelName(config.llmModel())
                .maxOutputTokens(maxTokens)
                .toolSpecifications(withTools ? tools : null)
                .toolChoice(withTools ? ToolChoice.AUTO : null)
                .build();
        var request =
                ChatRequest.builder().messages(messages).parameters(parameters).build();
        var wire = OpenAiUtils.toOpenAiChatRequest(request, parameters, false, false).stream(true)
                .streamOptions(StreamOptions.builder().includeUsage(true).build())
                .build();
        var assembled = new OpenAiStreamingResponseBuilder();
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        AtomicBoolean answered = new AtomicBoolean();
        ResponseHandle handle = client().chatCompletion(wire)
                .onPartialResponse(chunk -> {
                    answered.set(true);
                    assembled.append(chunk);
                    String text = text(chunk);
                    if (text != null && !text.isEmpty()) {
                        events.add(text);
                    }
                })
                .onComplete(() -> events.add(END))
                .onError(events::add)
                .execute();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.llmTimeoutSeconds());
        var content = new StringBuilder();
        try {
            while (true) {
                if (cancelled.getAsBoolean()) {
                    handle.cancel();
                    return new Round(content.toString(), List.of(), "cancelled", null);
                }
                if (System.nanoTime() > deadline) {
                    handle.cancel();
                    throw new IllegalStateException(
                            "the model did not finish within " + config.llmTimeoutSeconds() + " s");
                }
                Object event = events.poll(100, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                if (event instanceof String delta) {
                    if (!onDelta.test(delta)) {
                        handle.cancel();
                        return new Round(content.toString(), List.of(), "length", null);
                    }
                    content.append(delta);
                } else if (event instanceof Throwable t) {
                    if (!answered.get() && connectionFailure(t)) {
                        throw new Unanswered(t);
                    }
                    throw new IllegalStateException("the model call failed: " + t.getMessage(), t);
                } else {
                    return finished(content.toString(), assembled.build());
                }
            }
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An I/O failure of the connection (closed, reset), not an HTTP status the model answered with. */
    private static boolean connectionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static Round finished(String content, ChatResponse response) {
        FinishReason reason = response == null ? null : response.finishReason();
        List<ToolExecutionRequest> calls =
                response == null || !response.aiMessage().hasToolExecutionRequests()
                        ? List.of()
                        : response.aiMessage().toolExecutionRequests();
        if (reason == null && calls.isEmpty()) {
            // the connection ended mid-answer (model crashed, proxy cut it): a failure, not a short answer
            throw new IllegalStateException("the model's stream ended before it finished");
        }
        String finish =
                switch (reason == null ? FinishReason.TOOL_EXECUTION : reason) {
                    case STOP -> "stop";
                    case LENGTH -> "length";
                    case TOOL_EXECUTION -> "tool_calls";
                    case CONTENT_FILTER -> "content_filter";
                    default -> "stop";
                };
        return new Round(content, calls, finish, response);
    }

    private static String text(ChatCompletionResponse chunk) {
        if (chunk.choices() == null || chunk.choices().isEmpty()) {
            return null;
        }
        var delta = chunk.choices().get(0).delta();
        return delta == null ? null : delta.content();
    }
}
