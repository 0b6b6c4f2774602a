package dev.quire.chat.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.chat.agent.JsonFrameSink;
import dev.quire.contracts.chat.ServerFrame;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Frames of one stream, written to its WebSocket connection in order. A token frame waits for its write: tokens are
 * the unbounded part of a stream, and waiting is how a slow client slows the model stream (the gateway stops reading
 * chat-agent while its client is behind). The few other frames of a turn (conversation, steps, tool calls,
 * citations, done) are written without waiting: each wait is a hand-over to the event loop and back, and five of
 * them stood between a question and its first token.
 */
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
        if (!(frame instanceof ServerFrame.Token)) {
            // the client going away is handled by onClose, which cancels the answer
            connection.sendText(wire.toString()).subscribe().with(v -> {}, e -> {});
            return;
        }
        try {
            connection.sendTextAndAwait(wire.toString());
        } catch (RuntimeException e) {
            // the client went away mid-stream; onClose cancels the answer, which still records its usage
        }
    }
}
