package dev.quire.chat.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A conversation (Hibernate Reactive Panache entity over {@code conversations}); its static queries run on the
 * caller's transaction, filter by tenant and owner themselves, and row-level security is the second wall.
 */
@Entity
@Table(name = "conversations")
public class ConversationEntity extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public UUID tenantId;

    @Column(name = "user_id", nullable = false, updatable = false)
    public UUID userId;

    @Column(nullable = false)
    public String title;

    @Column(name = "knowledge_base_ids", columnDefinition = "uuid[]", nullable = false)
    public UUID[] knowledgeBaseIds;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** The last activity: a message (the database's trigger, V6) or a change of title or knowledge bases. */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The title is a placeholder that the first exchange may replace (never a user's title). */
    @Column(name = "title_auto", nullable = false)
    public boolean titleAuto;

    @Column(nullable = false)
    public boolean pinned;

    /** The user's conversation; null when it is another user's or another tenant's. */
    public static Uni<ConversationEntity> owned(UUID tenantId, UUID userId, UUID id) {
        return find("tenantId = ?1 and userId = ?2 and id = ?3", tenantId, userId, id)
                .firstResult();
    }

    public ConversationStore.Conversation view() {
        return view(null);
    }

    /** The API's view, with a search's snippet ({@code match}, null outside a search). */
    public ConversationStore.Conversation view(String match) {
        return new ConversationStore.Conversation(
                id, title, knowledgeBaseIdList(), createdAt, updatedAt, pinned, match);
    }

    public List<UUID> knowledgeBaseIdList() {
        return knowledgeBaseIds == null ? List.of() : Arrays.asList(knowledgeBaseIds);
    }

    /** PostgreSQL keeps microseconds: a time the application shows must be the one a later read gives back. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
