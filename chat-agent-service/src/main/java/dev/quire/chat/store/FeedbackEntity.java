package dev.quire.chat.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A user's rating of an answer (Hibernate Reactive Panache entity over {@code message_feedback}): one per user. */
@Entity
@Table(name = "message_feedback")
@IdClass(FeedbackEntity.Key.class)
public class FeedbackEntity extends PanacheEntityBase {
    /** The primary key: tenant, message, user. */
    public record Key(UUID tenantId, UUID messageId, UUID userId) implements Serializable {}

    @Id
    @Column(name = "tenant_id")
    public UUID tenantId;

    @Id
    @Column(name = "message_id")
    public UUID messageId;

    @Id
    @Column(name = "user_id")
    public UUID userId;

    /** up or down (the table's check). */
    @Column(nullable = false)
    public String rating;

    public String comment;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public FeedbackStore.Feedback view() {
        return new FeedbackStore.Feedback(messageId, rating, comment, createdAt, updatedAt);
    }
}
