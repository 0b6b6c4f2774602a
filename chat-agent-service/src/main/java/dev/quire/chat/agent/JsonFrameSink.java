package dev.quire.chat.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds each frame as JSON with {@code type}, the stream's {@code id} and a gap-free {@code seq} from 0. */
public abstract class JsonFrameSink implements FrameSink {
    protected final ObjectMapper json;
    private final String id;
    private long seq;

    protected JsonFrameSink(ObjectMapper json, String id) {
        this.json = json;
        this.id = id;
    }

    @Override
    public final synchronized void send(String type, Object body) {
        ObjectNode frame = json.createObjectNode();
        frame.put("type", type);
        frame.put("id", id);
        long n = seq++;
        frame.put("seq", n);
        if (body != null) {
            frame.setAll((ObjectNode) json.valueToTree(body));
        }
        emit(type, n, frame);
    }

    /** Delivers one frame; called in seq order. */
    protected abstract void emit(String type, long seq, ObjectNode frame);
}
