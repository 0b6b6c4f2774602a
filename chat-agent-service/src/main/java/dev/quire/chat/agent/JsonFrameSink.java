package dev.quire.chat.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.contracts.chat.ServerFrame;
import dev.quire.platform.chat.Frames;

/** Writes each frame with its envelope: the stream's {@code id} and a gap-free {@code seq} from 0. */
public abstract class JsonFrameSink implements FrameSink {
    protected final ObjectMapper json;
    private final String id;
    private long seq;

    protected JsonFrameSink(ObjectMapper json, String id) {
        this.json = json;
        this.id = id;
    }

    @Override
    public final synchronized void send(ServerFrame frame) {
        long n = seq++;
        emit(frame, n, Frames.write(json, frame, id, n));
    }

    /** Delivers one frame (the record, its sequence number and its wire form); called in seq order. */
    protected abstract void emit(ServerFrame frame, long seq, ObjectNode wire);
}
