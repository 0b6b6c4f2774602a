package dev.quire.chat.api;

import dev.quire.chat.agent.FrameSink;
import dev.quire.contracts.chat.ServerFrame;

/** Keeps the error that ended a stream answered as plain JSON, so it can become a problem response. */
final class CollectingSink implements FrameSink {
    private volatile ServerFrame.Error error;

    /** The stream's error frame, or one saying the answer failed when the stream ended without one. */
    ServerFrame.Error error() {
        ServerFrame.Error e = error;
        return e != null ? e : new ServerFrame.Error("internal_error", "the answer failed");
    }

    @Override
    public void send(ServerFrame frame) {
        if (frame instanceof ServerFrame.Error e) {
            error = e;
        }
    }
}
