package dev.quire.contracts.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.UUID;

/**
 * A frame a client sends on {@code /ws/chat}: the {@code type} names the record. The gateway parses each one once
 * into this type, answers what does not parse with an {@link ServerFrame.Error}, and forwards only the re-serialised
 * record; fields it does not know are dropped.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientFrame.UserMessage.class, name = "user_message"),
    @JsonSubTypes.Type(value = ClientFrame.Cancel.class, name = "cancel"),
    @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientFrame.Auth.class, name = "auth")
})
// Jackson gives every record below these class annotations of the interface it implements
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ClientFrame extends ChatFrame {

    /**
     * A question: {@code id} names the stream its answer frames carry. {@code replaces} (optional) names the
     * conversation's last question or its answer: that exchange is removed and this message answered in its place
     * (regenerate: the same content; edit and resend: a new one). {@code reservationId} and {@code reservedTokens}
     * are the gateway's (its admission of the turn); a client's values are never forwarded. {@code traceparent}
     * (optional, W3C) puts the turn in a client's trace; the gateway forwards its own turn span's in its place.
     */
    record UserMessage(
            String id,
            String content,
            UUID conversationId,
            List<UUID> knowledgeBaseIds,
            Integer maxTokens,
            UUID replaces,
            String reservationId,
            Long reservedTokens,
            String traceparent)
            implements ClientFrame {
        /** The same message with the gateway's reservation (null, null: none). */
        public UserMessage reserved(String reservation, Long tokens) {
            return withGatewayFields(reservation, tokens, traceparent);
        }

        /** The same message in the trace {@code parent} (a W3C {@code traceparent}; null: none). */
        public UserMessage traced(String parent) {
            return withGatewayFields(reservationId, reservedTokens, parent);
        }

        /** The same message with the fields the gateway sets (its reservation and its turn span's traceparent). */
        private UserMessage withGatewayFields(String reservation, Long tokens, String parent) {
            return new UserMessage(
                    id, content, conversationId, knowledgeBaseIds, maxTokens, replaces, reservation, tokens, parent);
        }
    }

    /** Stops the stream {@code id}; what was generated so far is kept. */
    record Cancel(String id) implements ClientFrame {}

    /** Asks for a {@link ServerFrame.Pong}. */
    record Ping(String id) implements ClientFrame {}

    /** A fresh token for the open socket (same tenant and user), or the first frame of a socket opened without one. */
    record Auth(String token) implements ClientFrame {}
}
