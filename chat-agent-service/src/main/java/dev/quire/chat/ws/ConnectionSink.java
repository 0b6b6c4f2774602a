package dev.quire.chat.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.agent.JsonFrameSink;
import dev.quire.contracts.chat.ServerFrame;
import io.quarkus.websockets.next.WebSocketConnection;

/** Frames of one stream, written to its WebSocket connection. */
final class ConnectionSink extends JsonFrameSink {
    private final WebSocketConnection connection;

    ConnectionSink(WebSocketConnection connection, ObjectMapper json, String id) {
        super(json, id);
        this.connection = connection;
    }

    @Override
    protected void emit(ServerFrame frame, long seq, ObjectNode wire) {
        if (!connection.isOpen()) {
            return;
        }
        try {
            connection.sendTextAndAwait(wire.toString());
        } catch (RuntimeException e) {
            // the client went away mid-stream; onClose cancels the answer, which still records its usage
        }
    }
}
