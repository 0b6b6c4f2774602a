package dev.quire.chat.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.agent.FrameSink;
import io.quarkus.websockets.next.WebSocketConnection;

/** Writes one stream's frames to a WebSocket in order, numbering them from 0 without gaps. */
final class ConnectionSink implements FrameSink {
    private final WebSocketConnection connection;
    private final ObjectMapper json;
    private final String id;
    private long seq;

    ConnectionSink(WebSocketConnection connection, ObjectMapper json, String id) {
        this.connection = connection;
        this.json = json;
        this.id = id;
    }

    @Override
    public synchronized void send(String type, Object body) {
        ObjectNode frame = json.createObjectNode();
        frame.put("type", type);
        frame.put("id", id);
        frame.put("seq", seq++);
        if (body != null) {
            frame.setAll((ObjectNode) json.valueToTree(body));
        }
        if (connection.isOpen()) {
            connection.sendTextAndAwait(frame.toString());
        }
    }
}
