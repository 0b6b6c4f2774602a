package dev.quire.tenant;

import static dev.quire.tenant.Api.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.quire.contracts.events.AuditRecorded;
import dev.quire.contracts.events.RequestsCounted;
import dev.quire.contracts.events.UsageRecorded;
import dev.quire.platform.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LedgerTest {

    private static UsageRecorded usage(UUID eventId, UUID tenant, Instant at, int prompt, int completion) {
        return new UsageRecorded(eventId, tenant, at, UUID.randomUUID(), null, "quire", prompt, completion, "r-1");
    }

    @Test
    void usageEventsAggregatePerHourOnceEachAndShowInTheTenant() throws Exception {
        var owner = Api.signup();
        var viewer = Api.member(owner, "viewer");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant earlier = hour.minus(Duration.ofHours(3));
        UUID dup = UUID.randomUUID();
        String key = owner.tenantId().toString();
        Api.produce(TestKafka.topic("usage.recorded"), key, usage(dup, owner.tenantId(), hour.plusSeconds(5), 100, 20));
        // delivered twice: counted once
        Api.produce(TestKafka.topic("usage.recorded"), key, usage(dup, owner.tenantId(), hour.plusSeconds(5), 100, 20));
        Api.produce(
                TestKafka.topic("usage.recorded"),
                key,
                usage(UUID.randomUUID(), owner.tenantId(), hour.plusSeconds(60), 1, 2));
        Api.produce(
                TestKafka.topic("usage.recorded"),
                key,
                usage(UUID.randomUUID(), owner.tenantId(), earlier.plusSeconds(1), 7, 3));
        Api.produce(
                TestKafka.topic("usage.requests"),
                key,
                new RequestsCounted(UUID.randomUUID(), owner.tenantId(), hour.plusSeconds(2), 5));
        // another tenant's usage never shows
        Api.produce(
                TestKafka.topic("usage.recorded"), "x", usage(UUID.randomUUID(), UUID.randomUUID(), hour, 999, 999));
        String last = UUID.randomUUID().toString();
        Api.produce(
                TestKafka.topic("usage.requests"),
                key,
                new RequestsCounted(UUID.fromString(last), owner.tenantId(), hour.plusSeconds(3), 1));
        String from = hour.minus(Duration.ofHours(5)).toString();
        String to = hour.plus(Duration.ofHours(1)).toString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(viewer.token())
                .queryParam("from", from)
                .queryParam("to", to)
                .queryParam("granularity", "hour")
                .get("/api/v1/usage")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2))
                .body("totals.requests", equalTo(6)));
        var body = as(viewer.token())
                .queryParam("from", from)
                .queryParam("to", to)
                .queryParam("granularity", "hour")
                .get("/api/v1/usage")
                .then()
                .extract()
                .jsonPath();
        assertEquals(
                earlier.toString(),
                Instant.parse(body.getString("items[0].periodStart")).toString());
        assertEquals(7, body.getInt("items[0].promptTokens"));
        assertEquals(101, body.getInt("items[1].promptTokens"));
        assertEquals(22, body.getInt("items[1].completionTokens"));
        assertEquals(6, body.getInt("items[1].requests"));
        assertEquals(108, body.getInt("totals.promptTokens"));
        // day granularity folds the hours together
        as(owner.token())
                .queryParam("from", from)
                .queryParam("to", to)
                .queryParam("granularity", "day")
                .get("/api/v1/usage")
                .then()
                .statusCode(200)
                .body("totals.completionTokens", equalTo(25));
        if (earlier.truncatedTo(ChronoUnit.DAYS).equals(hour.truncatedTo(ChronoUnit.DAYS))) {
            as(owner.token())
                    .get("/api/v1/tenant")
                    .then()
                    .body("usage.promptTokens", equalTo(108))
                    .body("usage.requests", equalTo(6));
        }
        as(owner.token()).get("/api/v1/usage?granularity=week").then().statusCode(400);
    }

    @Test
    void otherServicesAuditEventsAreStoredOnceAndListedToAdmins() throws Exception {
        var owner = Api.signup();
        var member = Api.member(owner, "member");
        UUID eventId = UUID.randomUUID();
        var e = new AuditRecorded(
                eventId,
                owner.tenantId(),
                Instant.now(),
                new AuditRecorded.Actor(member.userId(), null),
                "document.delete",
                "document",
                UUID.randomUUID().toString(),
                "success",
                "10.0.0.7",
                Map.of("filename", "a.pdf"));
        Api.produce(TestKafka.topic("audit.recorded"), owner.tenantId().toString(), e);
        Api.produce(TestKafka.topic("audit.recorded"), owner.tenantId().toString(), e);
        Api.awaitItems(owner.token(), "/api/v1/audit-events?action=document.delete", 1, r -> r.body(
                        "items[0].id", equalTo(eventId.toString()))
                .body("items[0].actor.userId", equalTo(member.userId().toString()))
                .body("items[0].actor.email", equalTo(member.email()))
                .body("items[0].resourceName", equalTo("a.pdf"))
                .body("items[0].ip", equalTo("10.0.0.7")));
        as(member.token()).get("/api/v1/audit-events").then().statusCode(403);
        as(member.token()).get("/api/v1/audit-events/actions").then().statusCode(403);
        var actions = as(owner.token())
                .get("/api/v1/audit-events/actions")
                .then()
                .statusCode(200)
                .body("$", hasItem("document.delete"))
                .extract()
                .jsonPath()
                .getList("$", String.class);
        assertEquals(actions.stream().distinct().sorted().toList(), actions, "distinct and sorted");
        var other = Api.signup();
        as(other.token())
                .get("/api/v1/audit-events")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(eventId.toString())));
        as(other.token())
                .get("/api/v1/audit-events/actions")
                .then()
                .statusCode(200)
                .body("$", not(hasItem("document.delete")));
    }

    @Test
    void tenantServiceAuditsItsOwnActionsExactlyOnce() throws Exception {
        var owner = Api.signup();
        var admin = Api.member(owner, "admin");
        Api.signingIn(admin.email(), "wrong password!").then().statusCode(401);
        String keyId = Api.createKey(admin.token(), Map.of("name", "k")).getString("id");
        as(admin.token()).delete("/api/v1/api-keys/" + keyId).then().statusCode(204);
        // our own events come back from audit.recorded; give the consumer time to (not) duplicate them
        Thread.sleep(2000);
        var items = as(owner.token())
                .get("/api/v1/audit-events?limit=200")
                .then()
                .statusCode(200)
                .body("items.action", hasItems("user.create", "auth.sign_in", "api_key.create", "api_key.revoke"))
                .extract()
                .jsonPath();
        assertEquals(
                1,
                items.getList("items.findAll { it.action == 'api_key.revoke' }").size());
        assertEquals(
                1,
                items.getList("items.findAll { it.action == 'auth.sign_in' && it.outcome == 'failure' }")
                        .size());
        assertNotNull(items.getString("items.find { it.action == 'api_key.create' }.ip"));
        // newest first, keyset-paged
        var page = as(owner.token())
                .get("/api/v1/audit-events?limit=2")
                .then()
                .extract()
                .jsonPath();
        assertEquals(2, page.getList("items").size());
        Api.page(owner.token(), "/api/v1/audit-events", 200, page.getString("nextCursor"))
                .statusCode(200)
                .body("items.id", not(hasItem(page.getString("items[0].id"))))
                .body("items.size()", equalTo(items.getList("items").size() - 2));
    }
}
