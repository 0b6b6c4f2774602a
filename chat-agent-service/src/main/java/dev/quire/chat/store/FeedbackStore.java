package dev.quire.chat.store;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Ratings of answers: one per user and message, replaced when the user rates again. */
@ApplicationScoped
public class FeedbackStore {
    /** A user's rating of one message, as the API shows it. */
    public record Feedback(UUID messageId, String rating, String comment, Instant createdAt, Instant updatedAt) {}

    /** The rating and whether this call created it (false: it replaced an earlier one). */
    public record Saved(Feedback feedback, boolean created) {}

    /** What a message is, seen by its conversation's owner. */
    public enum Target {
        MISSING,
        USER_MESSAGE,
        ANSWER
    }

    private final Db db;

    public FeedbackStore(Db db) {
        this.db = db;
    }

    /** Whether the message exists in one of this user's conversations, and whose it is. */
    public Target target(UUID tenantId, UUID userId, UUID messageId) {
        return db.inTenant(tenantId, c -> Db.one(
                        c,
                        "select m.role from messages m join conversations v"
                                + " on v.tenant_id = m.tenant_id and v.id = m.conversation_id"
                                + " where m.tenant_id = ? and m.id = ? and v.user_id = ?",
                        rs -> "assistant".equals(rs.getString(1)) ? Target.ANSWER : Target.USER_MESSAGE,
                        tenantId,
                        messageId,
                        userId)
                .orElse(Target.MISSING));
    }

    /** Inserts or replaces the user's rating of a message (the caller checked {@link #target} first). */
    public Saved upsert(UUID tenantId, UUID userId, UUID messageId, String rating, String comment) {
        // the upsert returns exactly one row
        return db.inTenant(tenantId, c -> Db.one(
                        c,
                        "insert into message_feedback(tenant_id, message_id, user_id, rating,"
                                + " comment) values (?, ?, ?, ?, ?)"
                                + " on conflict (tenant_id, message_id, user_id) do update"
                                + " set rating = excluded.rating, comment = excluded.comment, updated_at = now()"
                                + " returning created_at, updated_at, (xmax = 0) as inserted",
                        rs -> new Saved(
                                new Feedback(
                                        messageId,
                                        rating,
                                        comment,
                                        rs.getTimestamp(1).toInstant(),
                                        rs.getTimestamp(2).toInstant()),
                                rs.getBoolean(3)),
                        tenantId,
                        messageId,
                        userId,
                        rating,
                        comment)
                .orElseThrow());
    }

    /** The user's rating of a message, if any. */
    public Optional<Feedback> find(UUID tenantId, UUID userId, UUID messageId) {
        return db.inTenant(
                tenantId,
                c -> Db.one(
                        c,
                        "select rating, comment, created_at, updated_at from message_feedback"
                                + " where tenant_id = ? and message_id = ? and user_id = ?",
                        rs -> new Feedback(
                                messageId,
                                rs.getString(1),
                                rs.getString(2),
                                rs.getTimestamp(3).toInstant(),
                                rs.getTimestamp(4).toInstant()),
                        tenantId,
                        messageId,
                        userId));
    }
}
