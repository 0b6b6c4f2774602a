package dev.quire.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.agent.JsonFrameSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Translates the agent's frames into OpenAI {@code chat.completion.chunk} server-sent events: a first chunk with the
 * assistant role, one chunk per token, a final chunk with {@code finish_reason}, {@code usage} and
 * {@code quire.citations}, then {@code data: [DONE]}; an error frame becomes OpenAI's {@code {"error": ...}}.
 */
final class OpenAiStreamSink extends JsonFrameSink {
    private final OutputStream out;
    private final String completionId;
    private final String model;
    private final long created;
    private volatile boolean broken;
    private JsonNode citations;
    private JsonNode unsupported;

    OpenAiStreamSink(ObjectMapper json, String completionId, String model, long created, OutputStream out) {
        super(json, completionId);
        this.out = out;
        this.completionId = completionId;
        this.model = model;
        this.created = created;
    }

    boolean broken() {
        return broken;
    }

    @Override
    protected void emit(String type, long seq, ObjectNode frame) {
        switch (type) {
            case "conversation" -> {
                ObjectNode chunk = chunk();
                chunk.withArray("choices")
                        .addObject()
                        .put("index", 0)
                        .putNull("finish_reason")
                        .putObject("delta")
                        .put("role", "assistant")
                        .put("content", "");
                write(chunk);
            }
            case "token" -> {
                ObjectNode chunk = chunk();
                chunk.withArray("choices")
                        .addObject()
                        .put("index", 0)
                        .putNull("finish_reason")
                        .putObject("delta")
                        .put("content", frame.path("delta").asText());
                write(chunk);
            }
            case "citations" -> {
                citations = frame.get("items");
                unsupported = frame.get("unsupported");
            }
            case "done" -> {
                ObjectNode chunk = chunk();
                ObjectNode choice = chunk.withArray("choices").addObject().put("index", 0);
                choice.putObject("delta");
                choice.put(
                        "finish_reason",
                        OpenAiResource.finishReason(frame.path("finishReason").asText()));
                chunk.set("usage", OpenAiResource.usage(json, frame.path("usage")));
                ObjectNode quire = chunk.putObject("quire");
                quire.set("citations", citations == null ? json.createArrayNode() : citations);
                if (unsupported != null) {
                    quire.set("unsupportedCitations", unsupported);
                }
                write(chunk);
                raw("data: [DONE]\n\n");
            }
            case "error" -> {
                String code = frame.path("code").asText("internal_error");
                write(OpenAiResource.error(
                        json,
                        OpenAiResource.status(code),
                        code,
                        frame.path("message").asText("the answer failed")));
            }
            default -> {
                // steps, tool calls and charts have no place in OpenAI's stream
            }
        }
    }

    private ObjectNode chunk() {
        ObjectNode chunk = json.createObjectNode();
        chunk.put("id", completionId);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private void write(JsonNode node) {
        raw("data: " + node + "\n\n");
    }

    private void raw(String s) {
        if (broken) {
            return;
        }
        try {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            broken = true;
        }
    }
}
