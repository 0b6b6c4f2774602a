package dev.quire.chat;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.chat.cache.QuestionEmbedder;
import dev.quire.contracts.api.QueryEmbedding;
import dev.quire.contracts.events.DocumentDeleted;
import dev.quire.contracts.events.DocumentIndexed;
import dev.quire.platform.testing.Bearer;
import dev.quire.platform.testing.TestKafka;
import dev.quire.platform.testing.Tokens;
import dev.quire.platform.testing.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The semantic answer cache against real Redis and Kafka: a first question's answer serves the same question again
 * in the same scope (tenant, knowledge bases, access), never a turn with history, and goes when documents change.
 * A hit is recognised by the fake retrieval not being searched again (the first ask is the positive control).
 */
@QuarkusTest
@WithTestResource(CachingFakes.class)
class AnswerCacheTest extends MemberChat {
    static final String QUESTION = "Must trains be booked for short trips?";

    final UUID kb = UUID.randomUUID();
    final UUID otherKb = UUID.randomUUID();
    final String admin = Tokens.of(tenant, UUID.randomUUID(), "admin");

    @Inject
    QuestionEmbedder embedder;

    @BeforeEach
    void seed() throws Exception {
        Fixtures.seed(
                retrieval,
                tenant,
                List.of(
                        Fixtures.hit(kb, "Trains must be booked for trips under 500 km."),
                        Fixtures.hit(otherKb, "Meals are refunded up to 40 euros per day.")));
    }

    /** One first question in a new conversation, answered as JSON. */
    static JsonPath ask(String token, List<UUID> kbs, String question) {
        String conversation = Fixtures.conversation(token);
        return Fixtures.sendMessage(token, conversation, body(kbs, question))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static String body(List<UUID> kbs, String question) {
        try {
            return Fixtures.JSON.writeValueAsString(Map.of("content", question, "knowledgeBaseIds", kbs));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    int searches() throws Exception {
        return Fixtures.searches(retrieval, tenant).size();
    }

    JsonPath stats(UUID id) {
        return cache(admin, id.toString()).statusCode(200).extract().jsonPath();
    }

    /** The cache statistics of knowledge base {@code id} as the token's caller reads them. */
    static ValidatableResponse cache(String token, String id) {
        return Bearer.get(token, "/api/v1/knowledge-bases/" + id + "/cache");
    }

    /** A request with the token to clear the cache of knowledge base {@code kb}. */
    ValidatableResponse clearCache(String token) {
        return Bearer.delete(token, "/api/v1/knowledge-bases/" + kb + "/cache");
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromTheCacheWithItsCitations() throws Exception {
        var first = ask(member, List.of(kb), QUESTION);
        assertEquals(1, searches(), "the first ask is a miss: it searches");
        assertTrue(first.getInt("usage.completionTokens") > 0);
        assertTrue(first.getString("content").contains("Trains must be booked"), first.prettify());

        String otherMember = Tokens.of(tenant, UUID.randomUUID(), "member"); // same access, another user: shared
        var second = ask(otherMember, List.of(kb), QUESTION);
        assertEquals(1, searches(), "the repeated question searched again");
        assertEquals(first.getString("content"), second.getString("content"));
        assertEquals(first.getList("citations"), second.getList("citations"));
        assertEquals("stop", second.getString("finishReason"));
        assertEquals(0, second.getInt("usage.promptTokens") + second.getInt("usage.completionTokens"));

        var stats = stats(kb);
        assertEquals(1, stats.getInt("entries"));
        assertEquals(1, stats.getInt("hits"));
        assertEquals(1, stats.getInt("misses"));
        assertEquals(0.5, stats.getDouble("hitRate"), 1e-9);
    }

    @Test
    void aSlightlyRewordedQuestionStillHits() throws Exception {
        ask(member, List.of(kb), QUESTION);
        ask(member, List.of(kb), "Must trains be booked for short trips ?");
        assertEquals(1, searches());
    }

    @Test
    void theSearchOfAFirstQuestionReusesTheProbesEmbeddingAndAFollowUpsDoesNot() throws Exception {
        String conversation;
        try (var client = WsClient.connect(ws(), member)) { // a new conversation, over the socket
            client.send(body(List.of(kb), QUESTION).replaceFirst("^\\{", "{\"type\":\"user_message\",\"id\":\"q-1\","));
            var frames = client.untilEnd(Duration.ofSeconds(30));
            assertEquals("done", frames.get(frames.size() - 1).get("type").asText(), frames.toString());
            conversation = frames.get(0).get("conversationId").asText();
        }
        Fixtures.sendMessage(member, conversation, body(List.of(kb), "And for long trips?"))
                .then()
                .statusCode(200);
        List<String> sent = Fixtures.queryEmbeddings(retrieval, tenant);
        assertEquals(2, sent.size(), "both turns searched");
        QueryEmbedding first = QueryEmbedding.parse(sent.get(0));
        assertEquals(QuestionEmbedder.MODEL, first.model());
        assertEquals(384, first.vector().length);
        assertEquals(1.0, QuestionEmbedder.cosine(first.vector(), embedder.embed(QUESTION)), 1e-5);
        assertEquals("", sent.get(1), "a follow-up is not probed, so retrieval embeds its query itself");
    }

    @Test
    void aTurnWithHistoryNeverUsesTheCache() throws Exception {
        String conversation = Fixtures.conversation(member);
        Fixtures.sendMessage(member, conversation, body(List.of(kb), QUESTION))
                .then()
                .statusCode(200);
        assertEquals(1, searches());
        ask(member, List.of(kb), QUESTION); // positive control: a first question hits
        assertEquals(1, searches());

        Fixtures.sendMessage(member, conversation, body(List.of(kb), QUESTION))
                .then()
                .statusCode(200)
                .body("usage.completionTokens", org.hamcrest.Matchers.greaterThan(0));
        assertEquals(2, searches(), "a turn with history must be answered afresh");
    }

    @Test
    void anotherKnowledgeBaseSetOrNarrowerKeyOrTenantMisses() throws Exception {
        ask(member, List.of(kb), QUESTION);
        ask(member, List.of(kb), QUESTION);
        assertEquals(1, searches(), "positive control: the same scope hits");

        ask(member, List.of(otherKb, kb), QUESTION);
        assertEquals(2, searches(), "another knowledge-base set shared an entry");
        ask(member, List.of(kb, otherKb), QUESTION); // the set is sorted: the order does not matter
        assertEquals(2, searches());

        String key = Tokens.userKey(tenant, user, "member", List.of("read", "search", "chat"), List.of(kb));
        ask(key, List.of(kb), QUESTION);
        assertEquals(3, searches(), "a key limited to one knowledge base shared the member's entry");

        UUID otherTenant = UUID.randomUUID();
        Fixtures.seed(retrieval, otherTenant, kb, "Trains must be booked for trips under 500 km.");
        ask(Tokens.of(otherTenant, UUID.randomUUID(), "member"), List.of(kb), QUESTION);
        assertEquals(1, Fixtures.searches(retrieval, otherTenant).size(), "another tenant shared an entry");
    }

    @Test
    void aChangedDocumentInvalidatesTheCache() throws Exception {
        ask(member, List.of(kb), QUESTION);
        ask(member, List.of(kb), QUESTION);
        assertEquals(1, searches(), "positive control: cached before the change");
        ask(member, List.of(otherKb), "How much are meals refunded?");
        assertEquals(1, stats(kb).getInt("entries"));
        assertEquals(1, stats(otherKb).getInt("entries"));

        publish(
                TestKafka.topic("document.indexed"),
                new DocumentIndexed(UUID.randomUUID(), tenant, Instant.now(), UUID.randomUUID(), 2, 3, kb));
        await().atMost(Duration.ofSeconds(60)).until(() -> stats(kb).getInt("entries") == 0);
        int before = searches();
        ask(member, List.of(kb), QUESTION);
        assertEquals(before + 1, searches(), "answered from a cache its documents outdated");
        assertEquals(1, stats(otherKb).getInt("entries"), "another knowledge base's answers were dropped");
    }

    @Test
    void anIndexedRecordWithoutItsKnowledgeBaseDropsTheTenantsAnswers() throws Exception {
        ask(member, List.of(kb), QUESTION);
        ask(member, List.of(otherKb), "How much are meals refunded?");
        assertEquals(1, stats(otherKb).getInt("entries"), "positive control: cached before the change");

        publish(
                TestKafka.topic("document.indexed"),
                new DocumentIndexed(UUID.randomUUID(), tenant, Instant.now(), UUID.randomUUID(), 2, 3, null));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> stats(kb).getInt("entries") == 0 && stats(otherKb).getInt("entries") == 0);
    }

    @Test
    void aDeletedDocumentOfTheKnowledgeBaseInvalidatesOnlyItsEntries() throws Exception {
        ask(member, List.of(kb), QUESTION);
        ask(member, List.of(otherKb), "How much are meals refunded?");
        assertEquals(1, stats(kb).getInt("entries"));
        assertEquals(1, stats(otherKb).getInt("entries"));

        publish(
                TestKafka.topic("document.deleted"),
                new DocumentDeleted(UUID.randomUUID(), tenant, Instant.now(), UUID.randomUUID(), kb, 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> stats(kb).getInt("entries") == 0);
        assertEquals(1, stats(otherKb).getInt("entries"), "another knowledge base's answers were dropped");
    }

    @Test
    void deleteClearsAKnowledgeBasesCacheForAdminsOnly() throws Exception {
        ask(member, List.of(kb), QUESTION);
        assertEquals(1, stats(kb).getInt("entries"));

        clearCache(member).statusCode(403);
        clearCache(Tokens.of(UUID.randomUUID(), "admin")).statusCode(404).body("code", equalTo("not_found"));
        assertEquals(1, stats(kb).getInt("entries"), "a refused delete cleared the cache");

        clearCache(admin).statusCode(204);
        assertEquals(0, stats(kb).getInt("entries"));
        ask(member, List.of(kb), QUESTION);
        assertEquals(2, searches(), "a cleared cache still answered");
    }

    @Test
    void anotherTenantsKnowledgeBaseCacheIsNotFound() {
        cache(Tokens.of(UUID.randomUUID(), "admin"), kb.toString())
                .statusCode(404)
                .body("code", equalTo("not_found"));
        cache(admin, "not-a-uuid").statusCode(404);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper EVENTS =
            new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();

    static void publish(String topic, Object event) throws Exception {
        var p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:9092");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), EVENTS.writeValueAsString(event)))
                    .get();
        }
    }
}
