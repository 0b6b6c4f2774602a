package dev.quire.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.chat.memory.MemoryId;
import dev.quire.chat.memory.TokenWindowMemory;
import dev.quire.chat.store.ConversationEntity;
import dev.quire.chat.store.ConversationStore;
import dev.quire.chat.store.MessageEntity;
import dev.quire.platform.db.Db;
import dev.quire.platform.testing.TenantWall;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Row-level security is the second wall for the Panache entities: with the application's own tenant filter left out
 * of a query, a transaction set to one tenant sees none of another tenant's conversations or messages, and cannot
 * change them, while the same query under the owning tenant finds them (the positive control).
 */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
class ConversationRowLevelSecurityTest {
    @Inject
    ConversationStore conversations;

    @Inject
    TokenWindowMemory memory;

    @Inject
    Db db;

    private final UUID tenantA = UUID.randomUUID();
    private final UUID tenantB = UUID.randomUUID();
    private final UUID userB = UUID.randomUUID();

    /** A conversation of B's with a question and an answer, written through the application's own stores. */
    private UUID conversationOfB() {
        UUID id = conversations
                .create(tenantB, userB, "B's travel rules", List.of())
                .id();
        memory.ask(new MemoryId(tenantB, userB, id), false, false, "What is B's hotel cap?", 1000, String::length);
        conversations.addAnswer(
                tenantB, id, UUID.randomUUID(), "150 euros.", List.of(), "stop", 10, 3, "offline", null, null);
        return id;
    }

    @Test
    void anotherTenantsConversationsAndMessagesAreInvisibleToPanacheQueriesWithoutTheTenantFilter() {
        UUID conversation = conversationOfB();
        String ofUser = "userId = ?1";
        String ofConversation = "conversationId = ?1";

        assertEquals(0L, TenantWall.<Long>under(tenantA, s -> ConversationEntity.count(ofUser, userB)));
        assertEquals(0L, TenantWall.<Long>under(tenantA, s -> MessageEntity.count(ofConversation, conversation)));
        assertEquals(
                null, TenantWall.<ConversationEntity>under(tenantA, s -> ConversationEntity.findById(conversation)));
        // positive control: the same queries under B's wall find the conversation and both messages
        assertEquals(1L, TenantWall.<Long>under(tenantB, s -> ConversationEntity.count(ofUser, userB)));
        List<MessageEntity> seenByB = TenantWall.<List<MessageEntity>>under(
                tenantB, s -> MessageEntity.<MessageEntity>list(ofConversation, conversation));
        assertEquals(
                List.of("assistant", "user"),
                seenByB.stream().map(m -> m.role).sorted().toList());
        assertTrue(seenByB.stream().allMatch(m -> m.tenantId.equals(tenantB)));
        // nor does a transaction without any tenant see them
        assertEquals(0L, TenantWall.<Long>withoutTenant(() -> MessageEntity.count(ofConversation, conversation)));
    }

    @Test
    void anotherTenantsWallCannotChangeOrDeleteAConversationOrItsMessages() {
        UUID conversation = conversationOfB();

        assertEquals(
                0,
                TenantWall.<Integer>under(
                        tenantA, s -> ConversationEntity.update("title = 'taken' where id = ?1", conversation)));
        assertEquals(
                0L, TenantWall.<Long>under(tenantA, s -> MessageEntity.delete("conversationId = ?1", conversation)));
        assertEquals(0L, TenantWall.<Long>under(tenantA, s -> ConversationEntity.delete("id = ?1", conversation)));
        // positive control: B still has its title and both messages
        assertEquals(
                "B's travel rules",
                TenantWall.<ConversationEntity>under(tenantB, s -> ConversationEntity.findById(conversation)).title);
        assertEquals(
                2L, TenantWall.<Long>under(tenantB, s -> MessageEntity.count("conversationId = ?1", conversation)));
    }

    @Test
    void theServiceDoesNotRunAsARoleThatBypassesTheWall() {
        TenantWall.assertCannotBeBypassed(db, "conversations", "messages", "message_feedback");
    }
}
