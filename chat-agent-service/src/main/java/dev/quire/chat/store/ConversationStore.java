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
    /**
     * A conversation header; {@code match} is set only in a search: a snippet of the newest message containing the
     * query (null when only the title matched).
     */
    public record Conversation(
            UUID id,
            String title,
            List<UUID> knowledgeBaseIds,
            Instant createdAt,
            Instant updatedAt,
            boolean pinned,
            @JsonInclude(JsonInclude.Include.NON_NULL) String match) {}

    private static final String HEADER = "select id, title, knowledge_base_ids, created_at, updated_at, pinned";
    /** Characters of a search snippet on each side of the match. */
    private static final int SNIPPET_CONTEXT = 60;

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
                        HEADER + " from conversations where tenant_id = ? and user_id = ? and id = ?",
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
                        HEADER + " from conversations where tenant_id = ? and user_id = ?"
                                + " order by pinned desc, updated_at desc limit ?",
                        ConversationStore::conversation,
                        tenantId,
                        userId,
                        limit));
    }

    /**
     * The user's conversations whose title or any message contains {@code query} (case-insensitive, literally: no
     * wildcards), pinned first, each with a snippet of its newest matching message.
     */
    public List<Conversation> search(UUID tenantId, UUID userId, String query, int limit) {
        String needle = query.toLowerCase(java.util.Locale.ROOT);
        return db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select c.id, c.title, c.knowledge_base_ids, c.created_at, c.updated_at, c.pinned, m.content"
                                + " from conversations c left join lateral (select content from messages m"
                                + " where m.tenant_id = c.tenant_id and m.conversation_id = c.id"
                                + " and strpos(lower(m.content), ?) > 0 order by m.created_at desc limit 1) m on true"
                                + " where c.tenant_id = ? and c.user_id = ?"
                                + " and (m.content is not null or strpos(lower(c.title), ?) > 0)"
                                + " order by c.pinned desc, c.updated_at desc limit ?",
                        rs -> {
                            var conv = conversation(rs);
                            String content = rs.getString(7);
                            return content == null ? conv : withMatch(conv, snippet(content, needle));
                        },
                        needle,
                        tenantId,
                        userId,
                        needle,
                        limit));
    }

    /** Whether {@code messageId} is the conversation's last question or a message after it (its answer). */
    public boolean inLastExchange(UUID tenantId, UUID conversationId, UUID messageId) {
        return db.inTenant(
                        tenantId,
                        c -> Db.one(
                                c,
                                "select 1 from messages m where m.tenant_id = ? and m.conversation_id = ? and m.id = ?"
                                        + " and m.created_at >= (select max(q.created_at) from messages q"
                                        + " where q.tenant_id = ? and q.conversation_id = ? and q.role = 'user')",
                                rs -> true,
                                tenantId,
                                conversationId,
                                messageId,
                                tenantId,
                                conversationId))
                .isPresent();
    }

    /** Removes the conversation's last question and everything after it (its answer and that answer's feedback). */
    public int removeLastExchange(UUID tenantId, UUID conversationId) {
        return db.inTenant(
                tenantId,
                c -> Db.update(
                        c,
                        "delete from messages where tenant_id = ? and conversation_id = ?"
                                + " and created_at >= (select max(q.created_at) from messages q"
                                + " where q.tenant_id = ? and q.conversation_id = ? and q.role = 'user')",
                        tenantId,
                        conversationId,
                        tenantId,
                        conversationId));
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

    /**
     * Changes a conversation's title, knowledge bases and/or pin (null leaves a field as it is). Pinning alone does
     * not count as activity: {@code updated_at} (the list's order after the pins) stays.
     */
    public Optional<Conversation> update(
            UUID tenantId, UUID userId, UUID id, String title, List<UUID> kbIds, Boolean pinned) {
        int n = db.inTenant(
                tenantId,
                c -> Db.update(
                        c,
                        "update conversations set title = coalesce(?::text, title), title_auto ="
                                + " title_auto and ?::text is null,"
                                + " knowledge_base_ids = coalesce(?::uuid[], knowledge_base_ids),"
                                + " pinned = coalesce(?::boolean, pinned),"
                                + " updated_at = case when ?::text is null and ?::uuid[] is null then updated_at"
                                + " else now() end where tenant_id = ? and user_id = ? and id = ?",
                        title,
                        title,
                        new Db.SqlArray("uuid", kbIds),
                        pinned,
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
                rs.getTimestamp(5).toInstant(),
                rs.getBoolean(6),
                null);
    }

    private static Conversation withMatch(Conversation c, String match) {
        return new Conversation(
                c.id(), c.title(), c.knowledgeBaseIds(), c.createdAt(), c.updatedAt(), c.pinned(), match);
    }

    /** Up to {@link #SNIPPET_CONTEXT} characters either side of the first match, on one line, with … where cut. */
    static String snippet(String content, String needle) {
        // lower-casing may change a string's length (rarely): the index only needs to land near the match
        int at = Math.min(
                content.length(),
                Math.max(0, content.toLowerCase(java.util.Locale.ROOT).indexOf(needle)));
        int from = Math.max(0, at - SNIPPET_CONTEXT);
        int to = Math.min(content.length(), at + needle.length() + SNIPPET_CONTEXT);
        String text = content.substring(from, to).replaceAll("\\s+", " ").strip();
        return (from > 0 ? "…" : "") + text + (to < content.length() ? "…" : "");
    }
}
