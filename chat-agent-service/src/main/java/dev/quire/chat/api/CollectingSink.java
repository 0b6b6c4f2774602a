package dev.quire.chat.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.agent.JsonFrameSink;

/** Keeps the last frame of a stream answered as plain JSON, so an error frame can become a problem response. */
final class CollectingSink extends JsonFrameSink {
    private volatile ObjectNode last;

    CollectingSink(ObjectMapper json, String id) {
        super(json, id);
    }

    ObjectNode last() {
        return last;
    }

    @Override
    protected void emit(String type, long seq, ObjectNode frame) {
        last = frame;
    }
}
