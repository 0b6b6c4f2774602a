package dev.quire.chat.agent;

import dev.quire.contracts.chat.ServerFrame;

/** Where the frames of one stream go; the sink adds the envelope: the client's {@code id} and a gapless {@code seq}. */
public interface FrameSink {
    void send(ServerFrame frame);

    default void step(String name, double progress, String detail) {
        send(new ServerFrame.Step(name, progress, detail));
    }
}
