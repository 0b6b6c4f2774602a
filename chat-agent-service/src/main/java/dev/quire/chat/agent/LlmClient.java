package dev.quire.chat.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.config.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A streaming client of one OpenAI-compatible {@code /chat/completions} endpoint with function tools. It reads the
 * SSE {@code chat.completion.chunk} stream line by line and closes the HTTP connection as soon as the caller stops
 * reading (cancel, token cap), so the model stops generating too.
 */
@ApplicationScoped
public class LlmClient {
    /** A tool call the model asked for; {@code arguments} is the raw JSON text the model produced. */
    public record ToolCall(String id, String name, String arguments) {}

    /**
     * One round's outcome: the content streamed, the tool calls asked for, the finish reason (the model's, or
     * {@code length}/{@code cancelled} when the reader stopped), and the usage the endpoint reported (null if none).
     */
    public record Round(
            String content,
            List<ToolCall> toolCalls,
            String finishReason,
            Integer promptTokens,
            Integer completionTokens) {}

    private final ChatConfig config;
    private final ObjectMapper json;
    private final HttpClient http;
    /** Closes the body of a cancelled stream even while a read is blocked on a silent model. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "llm-cancel-watchdog");
        t.setDaemon(true);
        return t;
    });

    public LlmClient(ChatConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Streams one completion. {@code onDelta} gets each content delta and answers false to stop reading (which closes
     * the connection, finish reason {@code length}); {@code cancelled} is checked between chunks.
     */
    public Round stream(
            ArrayNode messages, ArrayNode tools, int maxTokens, Predicate<String> onDelta, BooleanSupplier cancelled) {
        String base = config.llmBaseUrl().orElseThrow();
        ObjectNode body = json.createObjectNode();
        body.put("model", config.llmModel());
        body.set("messages", messages);
        if (tools != null && !tools.isEmpty()) {
            body.set("tools", tools);
            body.put("tool_choice", "auto");
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("max_tokens", maxTokens);
        var request = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + "/chat/completions"))
                .timeout(Duration.ofSeconds(config.llmTimeoutSeconds()))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + config.llmApiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        var content = new StringBuilder();
        var calls = new TreeMap<Integer, String[]>(); // index -> {id, name, arguments}
        String finish = null;
        Integer prompt = null;
        Integer completion = null;
        boolean done = false;
        // closing the body stream before its end closes the connection: the upstream sees the request cancelled
        InputStream stream = response.body();
        var watch = WATCHDOG.scheduleWithFixedDelay(
                () -> {
                    if (cancelled.getAsBoolean()) {
                        try {
                            stream.close();
                        } catch (IOException | RuntimeException e) {
                            // already closed
                        }
                    }
                },
                100,
                100,
                TimeUnit.MILLISECONDS);
        try (InputStream in = stream;
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("the model answered " + response.statusCode());
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (cancelled.getAsBoolean()) {
                    finish = "cancelled";
                    break;
                }
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    done = true;
                    break;
                }
                JsonNode chunk = json.readTree(data);
                if (chunk.hasNonNull("usage")) {
                    prompt = chunk.get("usage").path("prompt_tokens").asInt();
                    completion = chunk.get("usage").path("completion_tokens").asInt();
                }
                JsonNode choice = chunk.path("choices").path(0);
                if (choice.isMissingNode()) {
                    continue;
                }
                JsonNode delta = choice.path("delta");
                String text =
                        delta.path("content").isTextual() ? delta.get("content").asText() : null;
                if (text != null && !text.isEmpty()) {
                    if (!onDelta.test(text)) {
                        finish = "length";
                        break;
                    }
                    content.append(text);
                }
                for (JsonNode tc : delta.path("tool_calls")) {
                    String[] call = calls.computeIfAbsent(tc.path("index").asInt(), i -> new String[] {null, "", ""});
                    if (tc.hasNonNull("id")) {
                        call[0] = tc.get("id").asText();
                    }
                    call[1] += tc.path("function").path("name").asText("");
                    call[2] += tc.path("function").path("arguments").asText("");
                }
                if (choice.hasNonNull("finish_reason")) {
                    finish = choice.get("finish_reason").asText();
                }
            }
        } catch (IOException e) {
            if (!cancelled.getAsBoolean()) {
                throw new UncheckedIOException(e);
            }
            finish = "cancelled"; // the watchdog closed the body under a blocked read
        } finally {
            watch.cancel(false);
        }
        if (!done && finish == null) {
            // the connection ended mid-answer (model crashed, proxy cut it): a failure, not a short answer
            throw new IllegalStateException("the model's stream ended before it finished");
        }
        List<ToolCall> toolCalls = new ArrayList<>();
        if (!"cancelled".equals(finish) && !"length".equals(finish)) {
            calls.forEach((i, c) -> toolCalls.add(new ToolCall(c[0] == null ? "call_" + i : c[0], c[1], c[2])));
        }
        return new Round(content.toString(), toolCalls, finish == null ? "stop" : finish, prompt, completion);
    }
}
