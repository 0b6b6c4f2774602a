package dev.quire.gateway.proxy;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.http.ServerWebSocket;

/**
 * A client frame or message over the 64 KiB limit closes the socket with 1009 (message too big). Vert.x reports it
 * only as an exception (the frame decoder's, or the message aggregator's) and would otherwise just drop the
 * connection, which clients read as a network failure instead of a refusal.
 */
final class FrameLimit {
    static final short TOO_BIG = 1009;

    private FrameLimit() {}

    /** Closes {@code down} 1009 when {@code e} says a frame or message was too big; true when it did. */
    static boolean closeIfTooBig(ServerWebSocket down, Throwable e) {
        boolean tooBig = (e instanceof CorruptedWebSocketFrameException c
                        && c.closeStatus().code() == TOO_BIG)
                || (e != null && e.getMessage() != null && e.getMessage().contains("max message size"));
        if (tooBig && !down.isClosed()) {
            down.close(TOO_BIG, "message too big");
        }
        return tooBig;
    }
}
