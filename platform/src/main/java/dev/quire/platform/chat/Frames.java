package dev.quire.platform.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.contracts.chat.ChatFrame;
import dev.quire.contracts.chat.ClientFrame;
import dev.quire.contracts.chat.ServerFrame;

/** Writes and reads the contract's chat frames on the wire: {@code type}, the stream's {@code id} and {@code seq}, then the fields. */
public final class Frames {
    private Frames() {}

    /** A server frame with its envelope ({@code id} and {@code seq} are left out when null). */
    public static ObjectNode write(ObjectMapper json, ServerFrame frame, String id, Long seq) {
        ObjectNode body = json.valueToTree(frame);
        ObjectNode out = json.createObjectNode();
        out.set("type", body.remove("type"));
        if (id != null) {
            out.put("id", id);
        }
        if (seq != null) {
            out.put("seq", seq);
        }
        out.setAll(body);
        return out;
    }

    /** A server frame as text, without an envelope (frames that belong to no stream). */
    public static String text(ObjectMapper json, ServerFrame frame, String id) {
        return write(json, frame, id, null).toString();
    }

    /** A client frame as text: the record's fields only. */
    public static String text(ObjectMapper json, ClientFrame frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Parses one client frame: exactly one JSON object with a known {@code type} and fields of the right types.
     *
     * @throws Invalid with the frame's {@code id} when it had one, so the error can name the stream
     */
    public static ClientFrame readClient(ObjectMapper json, String text) throws Invalid {
        return (ClientFrame) read(json, text, ClientFrame.class, "unknown frame type, or a field of the wrong type")
                .frame();
    }

    /** Parses one server frame with its envelope. */
    public static Received readServer(ObjectMapper json, String text) throws Invalid {
        return read(json, text, ServerFrame.class, "not a server frame");
    }

    /** A frame as parsed, and its stream's {@code id} (null when it has none). */
    public record Received(ChatFrame frame, String id) {
        /** Whether this frame ends its stream (a server's {@code done} or {@code error}). */
        public boolean ends() {
            return frame instanceof ServerFrame f && f.ends();
        }
    }

    private static <T extends ChatFrame> Received read(ObjectMapper json, String text, Class<T> type, String why)
            throws Invalid {
        JsonNode tree;
        try {
            tree = json.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(text);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new Invalid(null, "a frame must be exactly one JSON object");
        }
        if (tree == null || !tree.isObject()) {
            throw new Invalid(null, "a frame must be exactly one JSON object");
        }
        JsonNode id = tree.get("id");
        String streamId = id != null && id.isTextual() && id.asText().length() <= 128 ? id.asText() : null;
        if (!tree.path("type").isTextual()) {
            throw new Invalid(streamId, "a frame needs a type");
        }
        try {
            return new Received(json.treeToValue(tree, type), streamId);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Invalid(streamId, why);
        }
    }

    /** A frame that does not parse; {@code id} is its stream's id when it named one. */
    public static final class Invalid extends Exception {
        public final String id;

        public Invalid(String id, String message) {
            super(message);
            this.id = id;
        }
    }
}
