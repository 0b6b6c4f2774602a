package dev.quire.chat.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.chat.agent.Citation;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Conversations and their messages, always within one tenant and owned by one user. */
@ApplicationScoped
public class ConversationStore {
    /** A conversation header. */
    public record Conversation(
            UUID id, String title, List<UUID> knowledgeBaseIds, Instant createdAt, Instant updatedAt) {}

    /** One message with its validated citations. */
    public record Message(UUID id, String role, String content, List<Citation> citations, Instant createdAt) {}

    /** A conversation with all its messages, oldest first. */
    public record Thread(
            UUID id, String title, List<UUID> knowledgeBaseIds, Instant createdAt, List<Message> messages) {}

    private static final TypeReference<List<Citation>> CITATIONS = new TypeReference<>() {};

    private final Db db;
    private final ObjectMapper json;

    public ConversationStore(Db db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public Conversation create(UUID tenantId, UUID userId, String title, List<UUID> kbIds) {
        UUID id = UUID.randomUUID();
        db.inTenant(tenantId, c -> {
            try (var ps = c.prepareStatement("insert into conversations(id, tenant_id, user_id, title,"
                    + " knowledge_base_ids) values (?, ?, ?, ?, ?)")) {
                ps.setObject(1, id);
                ps.setObject(2, tenantId);
                ps.setObject(3, userId);
                ps.setString(4, title);
                ps.setArray(5, c.createArrayOf("uuid", kbIds.toArray()));
                return ps.executeUpdate();
            }
        });
        return find(tenantId, userId, id).orElseThrow();
    }

    public Optional<Conversation> find(UUID tenantId, UUID userId, UUID id) {
        return db.inTenant(tenantId, c -> {
            try (var ps = c.prepareStatement("select id, title, knowledge_base_ids, created_at, updated_at"
                    + " from conversations where tenant_id = ? and user_id = ? and id = ?")) {
                ps.setObject(1, tenantId);
                ps.setObject(2, userId);
                ps.setObject(3, id);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(conversation(rs)) : Optional.empty();
                }
            }
        });
    }

    public List<Conversation> list(UUID tenantId, UUID userId, int limit) {
        return db.inTenant(tenantId, c -> {
            try (var ps = c.prepareStatement("select id, title, knowledge_base_ids, created_at, updated_at"
                    + " from conversations where tenant_id = ? and user_id = ? order by updated_at desc limit ?")) {
                ps.setObject(1, tenantId);
                ps.setObject(2, userId);
                ps.setInt(3, limit);
                var out = new ArrayList<Conversation>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(conversation(rs));
                    }
                }
                return out;
            }
        });
    }

    public Optional<Thread> thread(UUID tenantId, UUID userId, UUID id) {
        return find(tenantId, userId, id)
                .map(conv -> db.inTenant(tenantId, c -> {
                    try (var ps =
                            c.prepareStatement("select id, role, content, citations::text, created_at from messages"
                                    + " where tenant_id = ? and conversation_id = ? order by created_at")) {
                        ps.setObject(1, tenantId);
                        ps.setObject(2, id);
                        var messages = new ArrayList<Message>();
                        try (var rs = ps.executeQuery()) {
                            while (rs.next()) {
                                messages.add(new Message(
                                        rs.getObject(1, UUID.class),
                                        rs.getString(2),
                                        rs.getString(3),
                                        parse(rs.getString(4)),
                                        rs.getTimestamp(5).toInstant()));
                            }
                        }
                        return new Thread(conv.id(), conv.title(), conv.knowledgeBaseIds(), conv.createdAt(), messages);
                    }
                }));
    }

    public void addMessage(
            UUID tenantId,
            UUID conversationId,
            UUID messageId,
            String role,
            String content,
            List<Citation> citations,
            String finishReason,
            int promptTokens,
            int completionTokens) {
        db.inTenant(tenantId, c -> {
            try (var ps = c.prepareStatement("insert into messages(id, tenant_id, conversation_id, role, content,"
                            + " citations, finish_reason, prompt_tokens, completion_tokens)"
                            + " values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)");
                    var touch = c.prepareStatement(
                            "update conversations set updated_at = now() where tenant_id = ? and id = ?")) {
                ps.setObject(1, messageId);
                ps.setObject(2, tenantId);
                ps.setObject(3, conversationId);
                ps.setString(4, role);
                ps.setString(5, content);
                ps.setString(6, json.writeValueAsString(citations));
                ps.setString(7, finishReason);
                ps.setInt(8, promptTokens);
                ps.setInt(9, completionTokens);
                ps.executeUpdate();
                touch.setObject(1, tenantId);
                touch.setObject(2, conversationId);
                return touch.executeUpdate();
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
