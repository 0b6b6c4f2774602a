package dev.quire.chat.memory;

import dev.quire.chat.agent.Turn;
import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.List;

/**
 * The memory read from the persisted messages (PostgreSQL, tenant wall and owner filter as everywhere). Empty
 * messages (an answer cut before its first token) and failed answers are not memory.
 */
@ApplicationScoped
public class JdbcChatMemoryStore implements ChatMemoryStore {
    private final Db db;

    public JdbcChatMemoryStore(Db db) {
        this.db = db;
    }

    @Override
    public List<Turn.Message> getMessages(MemoryId id) {
        return db.inTenant(id.tenantId(), c -> {
            List<Turn.Message> newestFirst = Db.list(
                    c,
                    "select m.role, m.content from messages m join conversations v"
                            + " on v.tenant_id = m.tenant_id and v.id = m.conversation_id"
                            + " where m.tenant_id = ? and m.conversation_id = ? and v.user_id = ? and m.content <> ''"
                            + " and m.role in ('user', 'assistant') and coalesce(m.finish_reason, '') <> 'error'"
                            + " order by m.created_at desc limit ?",
                    rs -> new Turn.Message(rs.getString(1), rs.getString(2)),
                    id.tenantId(),
                    id.conversationId(),
                    id.userId(),
                    MAX_MESSAGES);
            Collections.reverse(newestFirst);
            return newestFirst;
        });
    }

    @Override
    public void deleteMessages(MemoryId id) {
        db.inTenant(
                id.tenantId(),
                c -> Db.update(
                        c,
                        "delete from messages m using conversations v"
                                + " where v.tenant_id = m.tenant_id and v.id = m.conversation_id"
                                + " and m.tenant_id = ? and m.conversation_id = ? and v.user_id = ?",
                        id.tenantId(),
                        id.conversationId(),
                        id.userId()));
    }
}
