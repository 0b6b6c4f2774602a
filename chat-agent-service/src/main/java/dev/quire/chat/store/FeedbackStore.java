package dev.quire.chat.store;

import dev.quire.platform.db.ReactiveTenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Ratings of answers: one per user and message, replaced when the user rates again; on Hibernate Reactive Panache
 * entities in a {@link ReactiveTenantTx} transaction (row-level security the second wall).
 */
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

    /**
     * Rates a message in one transaction: {@code check} sees what the message is to this user (a message outside
     * their conversations is {@link Target#MISSING}) and throws to refuse; otherwise the rating is inserted, or
     * replaces the user's earlier one. Two first ratings at once: the loser of the insert race retries as a
     * replacement.
     */
    public Uni<Saved> rate(
            UUID tenantId, UUID userId, UUID messageId, String rating, String comment, Consumer<Target> check) {
        return rateOnce(tenantId, userId, messageId, rating, comment, check)
                .onFailure(FeedbackStore::duplicate)
                .recoverWithUni(() -> rateOnce(tenantId, userId, messageId, rating, comment, check));
    }

    private Uni<Saved> rateOnce(
            UUID tenantId, UUID userId, UUID messageId, String rating, String comment, Consumer<Target> check) {
        return ReactiveTenantTx.inTenant(tenantId, s -> target(tenantId, userId, messageId)
                .invoke(check)
                .chain(() ->
                        FeedbackEntity.<FeedbackEntity>findById(new FeedbackEntity.Key(tenantId, messageId, userId)))
                .chain(existing -> {
                    Instant now = ConversationEntity.now();
                    if (existing != null) {
                        existing.rating = rating;
                        existing.comment = comment;
                        existing.updatedAt = now;
                        return Uni.createFrom().item(new Saved(existing.view(), false));
                    }
                    var f = new FeedbackEntity();
                    f.tenantId = tenantId;
                    f.messageId = messageId;
                    f.userId = userId;
                    f.rating = rating;
                    f.comment = comment;
                    f.createdAt = now;
                    f.updatedAt = now;
                    // flushed here, so a concurrent first rating fails this transaction where it can be retried
                    return f.persistAndFlush().replaceWith(new Saved(f.view(), true));
                }));
    }

    /** Whether the message exists in one of this user's conversations, and whose it is (on the caller's transaction). */
    private static Uni<Target> target(UUID tenantId, UUID userId, UUID messageId) {
        return MessageEntity.<MessageEntity>find(
                        "select m from MessageEntity m join ConversationEntity v"
                                + " on v.tenantId = m.tenantId and v.id = m.conversationId"
                                + " where m.tenantId = ?1 and m.id = ?2 and v.userId = ?3",
                        tenantId,
                        messageId,
                        userId)
                .firstResult()
                .map(m -> m == null
                        ? Target.MISSING
                        : "assistant".equals(((MessageEntity) m).role) ? Target.ANSWER : Target.USER_MESSAGE);
    }

    private static boolean duplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException
                    || (t instanceof PgException pg && "23505".equals(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }
}
