package dev.quire.chat.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.chat.Citation;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A message of a conversation (Hibernate Reactive Panache entity over {@code messages}); its static queries run on the
 * caller's transaction and filter by tenant themselves. Storing one touches its conversation's {@code updated_at}
 * (the database's trigger, V6).
 */
@Entity
@Table(name = "messages")
public class MessageEntity extends PanacheEntityBase {
    /** The conversation's last question and everything after it, as a condition on {@code m} (HQL). */
    private static final String LAST_EXCHANGE = "m.tenantId = :tenant and m.conversationId = :conversation"
            + " and m.createdAt >= (select max(q.createdAt) from MessageEntity q where q.tenantId = :tenant"
            + " and q.conversationId = :conversation and q.role = 'user')";

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public UUID tenantId;

    @Column(name = "conversation_id", nullable = false, updatable = false)
    public UUID conversationId;

    @Column(nullable = false)
    public String role;

    @Column(nullable = false)
    public String content;

    /**
     * A JSON array in a {@code jsonb} column. Hibernate Reactive's own JSON type reads only JSON objects, so the array
     * crosses as text, cast on the way in and out (the parameter is cast to text first: a parameter cast straight to
     * jsonb would be typed jsonb, and the reactive client would store the text as one JSON string).
     */
    @Convert(converter = CitationsJson.class)
    @ColumnTransformer(read = "citations::text", write = "?::text::jsonb")
    @Column(nullable = false)
    public List<Citation> citations;

    /** How an answer ended: stop, length, cancelled, error; null for a question. */
    @Column(name = "finish_reason")
    public String finishReason;

    @Column(name = "prompt_tokens")
    public Integer promptTokens;

    @Column(name = "completion_tokens")
    public Integer completionTokens;

    public String model;

    @Column(name = "reservation_id")
    public String reservationId;

    /**
     * Set by the database ({@code clock_timestamp()}), not by the application: messages of one conversation are ordered
     * by one clock, even when two replicas wrote them.
     */
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    /** A new message; {@code citations}, usage and the rest as an answer has them (a question: none, zero). */
    public static MessageEntity of(UUID tenantId, UUID conversationId, UUID id, String role, String content) {
        var m = new MessageEntity();
        m.id = id;
        m.tenantId = tenantId;
        m.conversationId = conversationId;
        m.role = role;
        m.content = content;
        m.citations = List.of();
        m.promptTokens = 0;
        m.completionTokens = 0;
        return m;
    }

    /** Whether {@code messageId} is the conversation's last question or a message after it (its answer). */
    public static Uni<Boolean> inLastExchange(UUID tenantId, UUID conversationId, UUID messageId) {
        return count(
                        "from MessageEntity m where m.id = :id and " + LAST_EXCHANGE,
                        Parameters.with("id", messageId).and("tenant", tenantId).and("conversation", conversationId))
                .map(n -> n > 0);
    }

    /** Removes the conversation's last question and everything after it (its answer and that answer's feedback). */
    public static Uni<Long> removeLastExchange(UUID tenantId, UUID conversationId) {
        return delete(
                "from MessageEntity m where " + LAST_EXCHANGE,
                Parameters.with("tenant", tenantId).and("conversation", conversationId));
    }

    /** Citations as the JSON text of the {@code citations} column; text that does not read is no citations. */
    @Converter
    public static class CitationsJson implements AttributeConverter<List<Citation>, String> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final TypeReference<List<Citation>> TYPE = new TypeReference<>() {};

        @Override
        public String convertToDatabaseColumn(List<Citation> citations) {
            try {
                return JSON.writeValueAsString(citations == null ? List.of() : citations);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public List<Citation> convertToEntityAttribute(String text) {
            try {
                return text == null ? List.of() : JSON.readValue(text, TYPE);
            } catch (JsonProcessingException e) {
                return List.of();
            }
        }
    }
}
