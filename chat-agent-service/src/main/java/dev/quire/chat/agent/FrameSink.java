package dev.quire.chat.agent;

/** Where the frames of one stream go; the sink adds {@code type}, the client's {@code id} and a gapless {@code seq}. */
public interface FrameSink {
    void send(String type, Object body);

    default void step(String name, double progress, String detail) {
        send("step", new Step(name, progress, detail));
    }

    /** A step frame's body. */
    record Step(String name, double progress, String detail) {}
}
