package dev.quire.tenant;

import static dev.quire.tenant.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.contracts.events.DocumentIngestRequested;
import dev.quire.contracts.events.UsageRecorded;
import dev.quire.platform.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Usage by user (from usage.recorded) and by knowledge base (from the document footprint). */
@QuarkusTest
class UsageBreakdownTest {

    private static UsageRecorded answer(UUID tenant, UUID user, Instant at, int prompt, int completion) {
        return new UsageRecorded(UUID.randomUUID(), tenant, at, user, null, "quire", prompt, completion, "r");
    }

    private static DocumentIngestRequested stored(UUID tenant, UUID kb, long bytes) {
        return DocumentUsageTest.requested(tenant, Instant.now(), UUID.randomUUID(), kb, 1, bytes);
    }

    @Test
    void tokensAreSplitPerUserWithTheirEmailsMostFirstAndOnlyForAdmins() throws Exception {
        var owner = Api.signup();
        var member = Api.member(owner, "member");
        var viewer = Api.member(owner, "viewer");
        String key = owner.tenantId().toString();
        Instant now = Instant.now();
        var repeated = answer(owner.tenantId(), member.userId(), now, 100, 50);
        Api.produce(TestKafka.topic("usage.recorded"), key, repeated);
        Api.produce(TestKafka.topic("usage.recorded"), key, repeated); // delivered twice: counted once
        Api.produce(TestKafka.topic("usage.recorded"), key, answer(owner.tenantId(), member.userId(), now, 10, 5));
        Api.produce(TestKafka.topic("usage.recorded"), key, answer(owner.tenantId(), owner.userId(), now, 7, 3));
        Api.produce(
                TestKafka.topic("usage.recorded"),
                key,
                answer(owner.tenantId(), owner.userId(), now.minus(Duration.ofDays(40)), 999, 1));
        UUID other = UUID.randomUUID();
        Api.produce(
                TestKafka.topic("usage.recorded"), other.toString(), answer(other, member.userId(), now, 5000, 5000));
        Api.awaitItems(owner.token(), "/api/v1/usage/users", 2, r -> r.body("items[1].promptTokens", equalTo(7)));
        var body = as(owner.token()).get("/api/v1/usage/users").then().extract().jsonPath();
        assertEquals(member.email(), body.getString("items[0].email"));
        assertEquals(2, body.getInt("items[0].answers"));
        assertEquals(110, body.getInt("items[0].promptTokens"));
        assertEquals(55, body.getInt("items[0].completionTokens"));
        assertEquals(owner.email(), body.getString("items[1].email"));
        // the 40-day-old answer is outside the default 30 days, inside an explicit range
        as(owner.token())
                .queryParam("from", now.minus(Duration.ofDays(41)).toString())
                .get("/api/v1/usage/users")
                .then()
                .statusCode(200)
                .body("items.find { it.userId == '" + owner.userId() + "' }.promptTokens", equalTo(1006));
        as(viewer.token()).get("/api/v1/usage/users").then().statusCode(403).body("code", equalTo("forbidden"));
        as(owner.token())
                .queryParam("from", now.toString())
                .queryParam("to", now.minus(Duration.ofDays(2)).toString())
                .get("/api/v1/usage/users")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void storageIsSplitPerKnowledgeBaseForAnyReader() throws Exception {
        var owner = Api.signup();
        var viewer = Api.member(owner, "viewer");
        String key = owner.tenantId().toString();
        UUID kb1 = UUID.randomUUID();
        UUID kb2 = UUID.randomUUID();
        Api.produce(TestKafka.topic("document.ingest-requested"), key, stored(owner.tenantId(), kb1, 100));
        Api.produce(TestKafka.topic("document.ingest-requested"), key, stored(owner.tenantId(), kb2, 5000));
        Api.produce(TestKafka.topic("document.ingest-requested"), key, stored(owner.tenantId(), kb1, 300));
        UUID other = UUID.randomUUID();
        Api.produce(TestKafka.topic("document.ingest-requested"), other.toString(), stored(other, kb1, 77_777));
        Api.awaitItems(viewer.token(), "/api/v1/usage/knowledge-bases", 2, r -> r.body(
                        "items[0].knowledgeBaseId", equalTo(kb2.toString()))
                .body("items[0].documents", equalTo(1))
                .body("items[1].knowledgeBaseId", equalTo(kb1.toString()))
                .body("items[1].documents", equalTo(2))
                .body("items[1].storageBytes", equalTo(400)));
    }
}
