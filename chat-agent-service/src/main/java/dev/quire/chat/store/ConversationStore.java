package dev.quire.chat.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.chat.Citation;
import dev.quire.platform.db.Db;
import dev.quire.platform.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversations and their messages, always within one tenant and owned by one user. One class because a conversation
 * and its messages are one aggregate on one tenant-scoped connection: a new message touches its conversation's
 * {@code updated_at}, a thread reads both tables, a delete takes the messages along, and the events that go with a
 * write join the outbox in the same transaction.
 */
@ApplicationScoped
public class ConversationStore {
    /** A conversation header. */
    public record Conversation(
            UUID id, String title, List<UUID> knowledgeBaseIds, Instant createdAt, Instant updatedAt) {}

    /**
     * One message with its validated citations; an assistant's also says how it ended (stop, length, cancelled,
     * error) and carries the reader's own rating, if any.
     */
    public record Message(
            UUID id,
            String role,
            String content,
            List<Citation> citations,
            @JsonInclude(JsonInclude.Include.NON_NULL) String finishReason,
            Instant createdAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Rating feedback) {}

    /** The reader's rating of a message in a thread. */
    public record Rating(String rating, String comment) {}

    /** A conversation with all its messages, oldest first. */
    public record Thread(
            UUID id, String title, List<UUID> knowledgeBaseIds, Instant createdAt, List<Message> messages) {}

    private static final TypeReference<List<Citation>> CITATIONS = new TypeReference<>() {};

    /** An event that commits with the change it announces. */
    public record Outgoing(String topic, String key, Object event) {}

    private final Db db;
    private final ObjectMapper json;
    private final Outbox outbox;

    public ConversationStore(Db db, ObjectMapper json, Outbox outbox) {
        this.db = db;
        this.json = json;
        this.outbox = outbox;
    }

    public Conversation create(UUID tenantId, UUID userId, String title, List<UUID> kbIds) {
        return create(tenantId, userId, title, kbIds, false);
    }

    /** {@code autoTitle}: the title is a placeholder that the first exchange may replace (never a user's title). */
    public Conversation create(UUID tenantId, UUID userId, String title, List<UUID> kbIds, boolean autoTitle) {
        UUID id = UUID.randomUUID();
        db.inTenant(
                tenantId,
                c -> Db.update(
                        c,
                        "insert into conversations(id, tenant_id, user_id, title,"
                                + " knowledge_base_ids, title_auto) values (?, ?, ?, ?, ?, ?)",
                        id,
                        tenantId,
                        userId,
                        title,
                        new Db.SqlArray("uuid", kbIds),
                        autoTitle));
        return find(tenantId, userId, id).orElseThrow();
    }

    public Optional<Conversation> find(UUID tenantId, UUID userId, UUID id) {
        return db.inTenant(
                tenantId,
                c -> Db.one(
                        c,
                        "select id, title, knowledge_base_ids, created_at, updated_at"
                                + " from conversations where tenant_id = ? and user_id = ? and id = ?",
                        ConversationStore::conversation,
                        tenantId,
                        userId,
                        id));
    }

    public List<Conversation> list(UUID tenantId, UUID userId, int limit) {
        return db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select id, title, knowledge_base_ids, created_at, updated_at"
                                + " from conversations where tenant_id = ? and user_id = ?"
                                + " order by updated_at desc limit ?",
                        ConversationStore::conversation,
                        tenantId,
                        userId,
                        limit));
    }

    public Optional<Thread> thread(UUID tenantId, UUID userId, UUID id) {
        return find(tenantId, userId, id)
                .map(conv -> db.inTenant(tenantId, c -> {
                    List<Message> messages = Db.list(
                            c,
                            "select m.id, m.role, m.content, m.citations::text,"
                                    + " m.created_at, m.finish_reason, f.rating, f.comment from messages m"
                                    + " left join message_feedback f on f.tenant_id = m.tenant_id"
                                    + " and f.message_id = m.id"
                                    + " and f.user_id = ? where m.tenant_id = ? and m.conversation_id = ?"
                                    + " order by m.created_at",
                            rs -> new Message(
                                    rs.getObject(1, UUID.class),
                                    rs.getString(2),
                                    rs.getString(3),
                                    parse(rs.getString(4)),
                                    rs.getString(6),
                                    rs.getTimestamp(5).toInstant(),
                                    rs.getString(7) == null ? null : new Rating(rs.getString(7), rs.getString(8))),
                            userId,
                            tenantId,
                            id);
                    return new Thread(conv.id(), conv.title(), conv.knowledgeBaseIds(), conv.createdAt(), messages);
                }));
    }

    /** A user's message. */
    public void addMessage(UUID tenantId, UUID conversationId, UUID messageId, String role, String content) {
        insert(tenantId, conversationId, messageId, role, content, List.of(), null, 0, 0, null, null, null);
    }

    /** An assistant's answer with what it spent, and its usage event in the same transaction. */
    public void addAnswer(
            UUID tenantId,
            UUID conversationId,
            UUID messageId,
            String content,
            List<Citation> citations,
            String finishReason,
            int promptTokens,
            int completionTokens,
            String model,
            String reservationId,
            Outgoing usage) {
        insert(
                tenantId,
                conversationId,
                messageId,
                "assistant",
                content,
                citations,
                finishReason,
                promptTokens,
                completionTokens,
                model,
                reservationId,
                usage);
    }

    /** Changes a conversation's title and/or knowledge bases (null leaves a field as it is). */
    public Optional<Conversation> update(UUID tenantId, UUID userId, UUID id, String title, List<UUID> kbIds) {
        int n = db.inTenant(
                tenantId,
                c -> Db.update(
                        c,
                        "update conversations set title = coalesce(?::text, title), title_auto ="
                                + " title_auto and ?::text is null,"
                                + " knowledge_base_ids = coalesce(?::uuid[], knowledge_base_ids),"
                                + " updated_at = now() where tenant_id = ? and user_id = ? and id = ?",
                        title,
                        title,
                        new Db.SqlArray("uuid", kbIds),
                        tenantId,
                        userId,
                        id));
        return n == 0 ? Optional.empty() : find(tenantId, userId, id);
    }

    /** Deletes a conversation with its messages; the audit event commits with the delete. */
    public boolean delete(UUID tenantId, UUID userId, UUID id, Outgoing audit) {
        return db.inTenant(tenantId, c -> {
            if (Db.update(
                            c,
                            "delete from conversations where tenant_id = ? and user_id = ? and id = ?",
                            tenantId,
                            userId,
                            id)
                    == 0) {
                return false;
            }
            outbox.add(c, audit.topic(), audit.key(), audit.event());
            return true;
        });
    }

    private void insert(
            UUID tenantId,
            UUID conversationId,
            UUID messageId,
            String role,
            String content,
            List<Citation> citations,
            String finishReason,
            int promptTokens,
            int completionTokens,
            String model,
            String reservationId,
            Outgoing event) {
        db.inTenant(tenantId, c -> {
            try {
                Db.update(
                        c,
                        "insert into messages(id, tenant_id, conversation_id, role, content,"
                                + " citations, finish_reason, prompt_tokens, completion_tokens, model, reservation_id)"
                                + " values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)",
                        messageId,
                        tenantId,
                        conversationId,
                        role,
                        content,
                        json.writeValueAsString(citations),
                        finishReason,
                        promptTokens,
                        completionTokens,
                        model,
                        reservationId);
                Db.update(
                        c,
                        "update conversations set updated_at = now() where tenant_id = ? and id = ?",
                        tenantId,
                        conversationId);
                if (event != null) {
                    outbox.add(c, event.topic(), event.key(), event.event());
                }
                return null;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<Citation> parse(String text) {
        try {
            return json.readValue(text, CITATIONS);
        } catch (Exception e) {
            return List.of();
        }
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        return new Conversation(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                Arrays.asList((UUID[]) rs.getArray(3).getArray()),
                rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5).toInstant());
    }
}
