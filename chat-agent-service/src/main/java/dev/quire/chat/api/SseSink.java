package dev.quire.chat.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.agent.JsonFrameSink;
import dev.quire.contracts.chat.ServerFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Frames of one stream as server-sent events ({@code event: <type>}, {@code id: <seq>}, {@code data: <frame>}),
 * flushed one by one; a failed write means the client left, which cancels the answer.
 */
final class SseSink extends JsonFrameSink {
    private final OutputStream out;
    private volatile boolean broken;

    SseSink(ObjectMapper json, String id, OutputStream out) {
        super(json, id);
        this.out = out;
    }

    boolean broken() {
        return broken;
    }

    @Override
    protected void emit(ServerFrame frame, long seq, ObjectNode wire) {
        if (broken) {
            return;
        }
        String event = "event: " + wire.path("type").asText() + "\nid: " + seq + "\ndata: " + wire + "\n\n";
        try {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            broken = true;
        }
    }
}
