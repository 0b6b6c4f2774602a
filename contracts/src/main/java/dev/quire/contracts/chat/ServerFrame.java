package dev.quire.contracts.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.UUID;

/**
 * A frame of an answer's stream (on {@code /ws/chat} and as server-sent events): the {@code type} names the record;
 * on the wire each frame also carries the stream's {@code id} and a gap-free {@code seq} from 0 (platform's
 * {@code Frames} writes and reads them).
 * A stream ends with {@link Done} or {@link Error}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerFrame.Conversation.class, name = "conversation"),
    @JsonSubTypes.Type(value = ServerFrame.Step.class, name = "step"),
    @JsonSubTypes.Type(value = ServerFrame.ToolCall.class, name = "tool_call"),
    @JsonSubTypes.Type(value = ServerFrame.Token.class, name = "token"),
    @JsonSubTypes.Type(value = ServerFrame.Chart.class, name = "chart"),
    @JsonSubTypes.Type(value = ServerFrame.Citations.class, name = "citations"),
    @JsonSubTypes.Type(value = ServerFrame.Done.class, name = "done"),
    @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong")
})
// Jackson gives every record below these class annotations of the interface it implements
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerFrame extends ChatFrame {

    /** Whether this frame ends its stream. */
    default boolean ends() {
        return this instanceof Done || this instanceof Error;
    }

    /** The conversation (created or continued) and the id the answer will be stored under. */
    record Conversation(UUID conversationId, UUID messageId) implements ServerFrame {}

    /** Progress: {@code analyzing}, {@code searching}, {@code reading}, {@code generating}, {@code validating}. */
    record Step(String name, Double progress, String detail) implements ServerFrame {}

    /** A tool the agent calls, with its arguments. */
    record ToolCall(String name, Object arguments) implements ServerFrame {}

    /** The next piece of the answer's text. */
    record Token(String delta) implements ServerFrame {}

    /** A chart the agent drew: {@code {title, type: bar|line|pie, labels, series: [{name, values}]}}. */
    record Chart(Object spec) implements ServerFrame {}

    /** The checked citations; {@code unsupported}: numbers the answer used that no source supports (removed). */
    record Citations(List<Citation> items, List<Integer> unsupported) implements ServerFrame {}

    /** The end of an answer: where it is stored, what it spent, and why it stopped. */
    record Done(UUID messageId, Usage usage, String finishReason) implements ServerFrame {}

    /** The end of a stream that failed, or the answer to a refused frame: a stable {@code code} and a message. */
    record Error(String code, String message, Integer retryAfterSeconds) implements ServerFrame {
        public Error(String code, String message) {
            this(code, message, null);
        }
    }

    /** The answer to a {@link ClientFrame.Ping}. */
    record Pong() implements ServerFrame {}

    /** Tokens an answer spent. */
    record Usage(int promptTokens, int completionTokens) {}
}
