package dev.quire.contracts.chat;

/**
 * The {@code /ws/chat} protocol (also the SSE message stream's events): frames a client sends, {@link ClientFrame},
 * and frames of an answer's stream, {@link ServerFrame}. The web app's {@code chat/frames.ts} is checked against these
 * records by a test.
 */
public sealed interface ChatFrame permits ClientFrame, ServerFrame {}
