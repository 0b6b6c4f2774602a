package dev.quire.chat.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.quire.contracts.chat.Citation;
import dev.quire.platform.db.ReactiveTenantTx;
import dev.quire.platform.events.EventPublisher;
import dev.quire.platform.events.ReactiveOutbox;
import dev.quire.platform.runtime.TraceContext;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import lombok.RequiredArgsConstructor;

/**
 * Conversations and their messages, always within one tenant and owned by one user, on Hibernate Reactive Panache
 * entities in {@link ReactiveTenantTx} transactions (row-level security the second wall behind each query's own
 * tenant filter). Each method is one transaction. The {@code Uni} methods are for routes on the event loop; the
 * others are for callers on a worker thread and wait for their one transaction there: a chat turn (its model loop is
 * blocking) and the routes that first ask ingestion-service about knowledge bases (a blocking call). Waiting costs a
 * hand-over to the event loop, not a database round trip.
 * One class because a conversation and its messages are one aggregate: a thread reads both, a delete takes the
 * messages along, and the events that go with a write join the outbox in the same transaction.
 */
@ApplicationScoped
@RequiredArgsConstructor
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

    /** An event that commits with the change it announces. */
    public record Outgoing(String topic, String key, Object event) {}

    /**
     * Characters of a search snippet before and after the match: little before it, since a one-line list shows the
     * snippet's start and an answer's first words are often the same for every answer.
     */
    private static final int SNIPPET_BEFORE = 20;

    private static final int SNIPPET_AFTER = 100;

    /** A matching message's content, newest first, as a condition or a value over the conversation {@code c}. */
    private static final String MATCHING_MESSAGE = "from MessageEntity m where m.tenantId = c.tenantId"
            + " and m.conversationId = c.id and locate(:needle, lower(m.content)) > 0";

    private final EventPublisher publisher;

    public Conversation create(UUID tenantId, UUID userId, String title, List<UUID> kbIds) {
        return create(tenantId, userId, title, kbIds, false);
    }

    /** {@code autoTitle}: the title is a placeholder that the first exchange may replace (never a user's title). */
    public Conversation create(UUID tenantId, UUID userId, String title, List<UUID> kbIds, boolean autoTitle) {
        var c = draft(tenantId, userId, title, kbIds, autoTitle);
        return await(() -> ReactiveTenantTx.inTenant(tenantId, s -> c.persist().replaceWith(c)))
                .view();
    }

    /**
     * A new conversation, not stored yet: a chat turn stores it in its question's transaction
     * ({@link dev.quire.chat.memory.TokenWindowMemory#start}), so a new conversation's turn takes one transaction
     * before its answer, not two.
     */
    public static ConversationEntity draft(
            UUID tenantId, UUID userId, String title, List<UUID> kbIds, boolean autoTitle) {
        var c = new ConversationEntity();
        c.id = UUID.randomUUID();
        c.tenantId = tenantId;
        c.userId = userId;
        c.title = title;
        c.knowledgeBaseIds = kbIds.toArray(UUID[]::new);
        c.createdAt = ConversationEntity.now();
        c.updatedAt = c.createdAt;
        c.titleAuto = autoTitle;
        return c;
    }

    public Optional<Conversation> find(UUID tenantId, UUID userId, UUID id) {
        return Optional.ofNullable(await(
                        () -> ReactiveTenantTx.inTenant(tenantId, s -> ConversationEntity.owned(tenantId, userId, id))))
                .map(ConversationEntity::view);
    }

    /** The user's conversations, pinned first, then the most recently active. */
    public Uni<List<Conversation>> list(UUID tenantId, UUID userId, int limit) {
        return ReactiveTenantTx.inTenant(tenantId, s -> ConversationEntity.<ConversationEntity>find(
                                "tenantId = ?1 and userId = ?2",
                                Sort.descending("pinned", "updatedAt"),
                                tenantId,
                                userId)
                        .range(0, limit - 1)
                        .list())
                .map(all -> all.stream().map(ConversationEntity::view).toList());
    }

    /**
     * The user's conversations whose title or any message contains {@code query} (case-insensitive, literally: no
     * wildcards), pinned first, each with a snippet of its newest matching message.
     */
    public Uni<List<Conversation>> search(UUID tenantId, UUID userId, String query, int limit) {
        String needle = query.toLowerCase(Locale.ROOT);
        return ReactiveTenantTx.inTenant(tenantId, s -> s.createSelectionQuery(
                                "select c, (select m.content " + MATCHING_MESSAGE
                                        + " order by m.createdAt desc limit 1) from ConversationEntity c"
                                        + " where c.tenantId = :tenant and c.userId = :user"
                                        + " and (locate(:needle, lower(c.title)) > 0 or exists (select 1 "
                                        + MATCHING_MESSAGE + ")) order by c.pinned desc, c.updatedAt desc",
                                Object[].class)
                        .setParameter("tenant", tenantId)
                        .setParameter("user", userId)
                        .setParameter("needle", needle)
                        .setMaxResults(limit)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r ->
                                ((ConversationEntity) r[0]).view(r[1] == null ? null : snippet((String) r[1], needle)))
                        .toList());
    }

    /** Whether {@code messageId} is the conversation's last question or a message after it (its answer). */
    public boolean inLastExchange(UUID tenantId, UUID conversationId, UUID messageId) {
        return await(() -> ReactiveTenantTx.inTenant(
                tenantId, s -> MessageEntity.inLastExchange(tenantId, conversationId, messageId)));
    }

    /** The user's conversation with its messages (each with the user's own rating), in one transaction. */
    public Uni<Optional<Thread>> thread(UUID tenantId, UUID userId, UUID id) {
        return ReactiveTenantTx.inTenant(tenantId, s -> ConversationEntity.owned(tenantId, userId, id)
                .chain(conv -> conv == null
                        ? Uni.createFrom().item(Optional.<Thread>empty())
                        : s.createSelectionQuery(
                                        "select m, f from MessageEntity m left join FeedbackEntity f"
                                                + " on f.tenantId = m.tenantId and f.messageId = m.id and f.userId = :user"
                                                + " where m.tenantId = :tenant and m.conversationId = :conversation"
                                                + " order by m.createdAt",
                                        Object[].class)
                                .setParameter("user", userId)
                                .setParameter("tenant", tenantId)
                                .setParameter("conversation", id)
                                .getResultList()
                                .map(rows -> {
                                    var messages = new ArrayList<Message>(rows.size());
                                    for (Object[] r : rows) {
                                        var m = (MessageEntity) r[0];
                                        var f = (FeedbackEntity) r[1];
                                        messages.add(new Message(
                                                m.id,
                                                m.role,
                                                m.content,
                                                m.citations == null ? List.of() : m.citations,
                                                m.finishReason,
                                                m.createdAt,
                                                f == null ? null : new Rating(f.rating, f.comment)));
                                    }
                                    return Optional.of(new Thread(
                                            conv.id,
                                            conv.title,
                                            conv.knowledgeBaseIdList(),
                                            conv.createdAt,
                                            List.copyOf(messages)));
                                })));
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
        var m = MessageEntity.of(tenantId, conversationId, messageId, "assistant", content);
        m.citations = List.copyOf(citations);
        m.finishReason = finishReason;
        m.promptTokens = promptTokens;
        m.completionTokens = completionTokens;
        m.model = model;
        m.reservationId = reservationId;
        TraceContext trace = TraceContext.current(); // the caller's: the transaction runs on another context
        await(() -> ReactiveTenantTx.inTenant(tenantId, s -> m.persist()
                .chain(() -> usage == null
                        ? Uni.createFrom().voidItem()
                        : ReactiveOutbox.add(s, publisher, usage.topic(), usage.key(), usage.event(), trace))));
    }

    /**
     * Changes a conversation's title, knowledge bases and/or pin (null leaves a field as it is). Pinning alone does
     * not count as activity: {@code updated_at} (the list's order after the pins) stays.
     */
    public Optional<Conversation> update(
            UUID tenantId, UUID userId, UUID id, String title, List<UUID> kbIds, Boolean pinned) {
        return Optional.ofNullable(await(
                        () -> ReactiveTenantTx.inTenant(tenantId, s -> ConversationEntity.owned(tenantId, userId, id)
                                .invoke(c -> {
                                    if (c == null) {
                                        return;
                                    }
                                    if (title != null) {
                                        c.title = title;
                                        c.titleAuto = false;
                                    }
                                    if (kbIds != null) {
                                        c.knowledgeBaseIds = kbIds.toArray(UUID[]::new);
                                    }
                                    if (pinned != null) {
                                        c.pinned = pinned;
                                    }
                                    if (title != null || kbIds != null) {
                                        c.updatedAt = ConversationEntity.now();
                                    }
                                }))))
                .map(ConversationEntity::view);
    }

    /**
     * Deletes the user's conversation with its messages (the table's cascade); the audit event commits with the
     * delete. {@code allowed} runs once the conversation is known to be the user's (someone else's is not found before
     * any role is judged) and may throw to refuse; false when there is no such conversation.
     */
    public Uni<Boolean> delete(UUID tenantId, UUID userId, UUID id, Runnable allowed, Outgoing audit) {
        TraceContext trace = TraceContext.current();
        return ReactiveTenantTx.inTenant(
                tenantId, s -> ConversationEntity.owned(tenantId, userId, id).chain(c -> {
                    if (c == null) {
                        return Uni.createFrom().item(false);
                    }
                    allowed.run();
                    return c.delete()
                            .chain(() ->
                                    ReactiveOutbox.add(s, publisher, audit.topic(), audit.key(), audit.event(), trace))
                            .replaceWith(true);
                }));
    }

    /** Whether the conversation still has its automatic title (not one its user gave, nor one already written). */
    public boolean titleIsAuto(UUID tenantId, UUID userId, UUID id) {
        ConversationEntity c =
                await(() -> ReactiveTenantTx.inTenant(tenantId, s -> ConversationEntity.owned(tenantId, userId, id)));
        return c != null && c.titleAuto;
    }

    /**
     * Writes a title over the automatic one, unless the user set one meanwhile; the usage event of the call that
     * wrote it (null: none) commits with it either way (spent either way).
     */
    public void retitle(UUID tenantId, UUID id, String title, Outgoing usage) {
        TraceContext trace = TraceContext.current();
        await(() -> ReactiveTenantTx.inTenant(tenantId, s -> ConversationEntity.update(
                        "title = :title, titleAuto = false where tenantId = :tenant and id = :id and titleAuto",
                        Parameters.with("title", title).and("tenant", tenantId).and("id", id))
                .chain(() -> usage == null
                        ? Uni.createFrom().voidItem()
                        : ReactiveOutbox.add(s, publisher, usage.topic(), usage.key(), usage.event(), trace))));
    }

    /** The first match with a little before and more after it, on one line, with … where cut. */
    static String snippet(String content, String needle) {
        // lower-casing may change a string's length (rarely): the index only needs to land near the match
        int at = Math.min(
                content.length(), Math.max(0, content.toLowerCase(Locale.ROOT).indexOf(needle)));
        int from = Math.max(0, at - SNIPPET_BEFORE);
        int to = Math.min(content.length(), at + needle.length() + SNIPPET_AFTER);
        String text = content.substring(from, to).replaceAll("\\s+", " ").strip();
        return (from > 0 ? "…" : "") + text + (to < content.length() ? "…" : "");
    }

    /** Waits on a worker thread for one transaction run on the event loop (Hibernate Reactive's own thread). */
    private static <T> T await(Supplier<Uni<T>> work) {
        return ReactiveTenantTx.await(work);
    }
}
