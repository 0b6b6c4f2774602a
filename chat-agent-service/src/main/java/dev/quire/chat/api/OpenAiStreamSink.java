package dev.quire.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.agent.JsonFrameSink;
import dev.quire.contracts.chat.ServerFrame;
import dev.quire.platform.api.OpenAiError;
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
    private ServerFrame.Citations citations;

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
    protected void emit(ServerFrame frame, long seq, ObjectNode wire) {
        if (frame instanceof ServerFrame.Conversation) {
            ObjectNode chunk = chunk();
            delta(chunk).put("role", "assistant").put("content", "");
            write(chunk);
        } else if (frame instanceof ServerFrame.Token t) {
            ObjectNode chunk = chunk();
            delta(chunk).put("content", t.delta());
            write(chunk);
        } else if (frame instanceof ServerFrame.Citations c) {
            citations = c;
        } else if (frame instanceof ServerFrame.Done d) {
            ObjectNode chunk = chunk();
            ObjectNode choice = chunk.withArray("choices").addObject().put("index", 0);
            choice.putObject("delta");
            choice.put("finish_reason", OpenAiResource.finishReason(d.finishReason()));
            chunk.set("usage", OpenAiResource.usage(json, json.valueToTree(d.usage())));
            ObjectNode quire = chunk.putObject("quire");
            quire.set("citations", citations == null ? json.createArrayNode() : json.valueToTree(citations.items()));
            if (citations != null && citations.unsupported() != null) {
                quire.set("unsupportedCitations", json.valueToTree(citations.unsupported()));
            }
            write(chunk);
            raw("data: [DONE]\n\n");
        } else if (frame instanceof ServerFrame.Error e) {
            String code = e.code() == null ? "internal_error" : e.code();
            write(OpenAiError.of(Answers.status(code), code, e.message() == null ? "the answer failed" : e.message()));
        }
        // steps, tool calls and charts have no place in OpenAI's stream
    }

    /** A chunk's one choice, still open, and its delta to fill. */
    private static ObjectNode delta(ObjectNode chunk) {
        return chunk.withArray("choices")
                .addObject()
                .put("index", 0)
                .putNull("finish_reason")
                .putObject("delta");
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
