package dev.quire.tenant.usage;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Usage split by user (tokens per UTC day) and by knowledge base (documents and bytes stored now). */
@ApplicationScoped
@RequiredArgsConstructor
public class UsageBreakdown {
    /** One user's answers and tokens in a range; {@code email} is null for a user since removed. */
    public record ByUser(UUID userId, String email, long answers, long promptTokens, long completionTokens) {}

    /** What one knowledge base stores now: its live documents and their newest versions' original bytes. */
    public record ByKnowledgeBase(UUID knowledgeBaseId, long documents, long storageBytes) {}

    private final Db db;

    /** Adds one answer's tokens to its user's day; the transaction must be scoped to the tenant. */
    public void addAnswer(Connection c, UUID tenantId, UUID userId, Instant at, long prompt, long completion)
            throws SQLException {
        Db.update(
                c,
                "insert into usage_by_user(tenant_id, user_id, day, answers, prompt_tokens, completion_tokens)"
                        + " values (?, ?, ?, 1, ?, ?) on conflict (tenant_id, user_id, day) do update set"
                        + " answers = usage_by_user.answers + 1,"
                        + " prompt_tokens = usage_by_user.prompt_tokens + excluded.prompt_tokens,"
                        + " completion_tokens = usage_by_user.completion_tokens + excluded.completion_tokens",
                tenantId,
                userId,
                LocalDate.ofInstant(at, ZoneOffset.UTC),
                prompt,
                completion);
    }

    /** Users by tokens spent on the UTC days from {@code from} to {@code to} (inclusive), most first. */
    public List<ByUser> byUser(UUID tenantId, LocalDate from, LocalDate to, int limit) {
        return db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select u.user_id, users.email, sum(u.answers), sum(u.prompt_tokens),"
                                + " sum(u.completion_tokens) from usage_by_user u left join users"
                                + " on users.id = u.user_id and users.tenant_id = u.tenant_id"
                                + " where u.tenant_id = ? and u.day between ? and ?"
                                + " group by u.user_id, users.email"
                                + " order by sum(u.prompt_tokens + u.completion_tokens) desc, u.user_id limit ?",
                        rs -> new ByUser(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getLong(3),
                                rs.getLong(4),
                                rs.getLong(5)),
                        tenantId,
                        from,
                        to,
                        limit));
    }

    /** Knowledge bases by bytes stored now, most first. */
    /** The stored footprint per knowledge base, most bytes first; {@code only} (a restricted key's) narrows it. */
    public List<ByKnowledgeBase> byKnowledgeBase(UUID tenantId, Collection<UUID> only, int limit) {
        return db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select knowledge_base_id, count(*), sum(size_bytes) from document_footprint"
                                + " where tenant_id = ? and not deleted and knowledge_base_id is not null"
                                + " and (?::uuid[] is null or knowledge_base_id = any(?::uuid[]))"
                                + " group by knowledge_base_id order by sum(size_bytes) desc, knowledge_base_id"
                                + " limit ?",
                        rs -> new ByKnowledgeBase(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3)),
                        tenantId,
                        new Db.SqlArray("uuid", only),
                        new Db.SqlArray("uuid", only),
                        limit));
    }
}
