package dev.quire.tenant;

import static dev.quire.tenant.Api.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.contracts.events.DocumentDeleted;
import dev.quire.contracts.events.DocumentIngestRequested;
import dev.quire.contracts.events.DocumentSource;
import dev.quire.platform.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Documents and storage in the usage ledger, from ingestion's document events. */
@QuarkusTest
class DocumentUsageTest {
    private final String requestedTopic = TestKafka.topic("document.ingest-requested");
    private final String deletedTopic = TestKafka.topic("document.deleted");

    static DocumentIngestRequested requested(UUID tenant, Instant at, UUID doc, UUID kb, int version, long bytes) {
        return new DocumentIngestRequested(
                UUID.randomUUID(),
                tenant,
                at,
                doc,
                kb,
                version,
                "a.pdf",
                "application/pdf",
                "0".repeat(64),
                bytes,
                UUID.randomUUID(),
                List.of(),
                DocumentSource.upload());
    }

    private static JsonPath usage(Api.Account who, Instant from, Instant to) {
        return as(who.token())
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .queryParam("granularity", "hour")
                .get("/api/v1/usage")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void documentsAndStorageAreCountedOncePerDocumentWithItsNewestVersion() throws Exception {
        var owner = Api.signup();
        UUID t = owner.tenantId();
        // every event on the tenant's key: one partition per topic, so each topic's events apply in order
        String key = t.toString();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant earlier = hour.minus(Duration.ofHours(2));
        UUID kb1 = UUID.randomUUID();
        UUID kb2 = UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        var bFirst = requested(t, hour.plusSeconds(1), b, kb1, 1, 500);
        Api.produce(requestedTopic, key, requested(t, earlier.plusSeconds(1), a, kb1, 1, 1000));
        Api.produce(requestedTopic, key, bFirst);
        Api.produce(requestedTopic, key, bFirst); // delivered twice: counted once
        Api.produce(requestedTopic, key, requested(t, hour.plusSeconds(2), a, kb1, 2, 1200)); // reprocessed, larger
        Api.produce(requestedTopic, key, requested(t, hour.plusSeconds(3), a, kb1, 1, 1000)); // an older version late
        Api.produce(requestedTopic, key, requested(t, hour.plusSeconds(4), c, kb2, 1, 300));
        // another tenant's documents never show
        UUID other = UUID.randomUUID();
        Api.produce(requestedTopic, other.toString(), requested(other, hour, UUID.randomUUID(), kb1, 1, 99_999));
        Instant from = hour.minus(Duration.ofHours(5));
        Instant to = hour.plus(Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(2000, usage(owner, from, to).getLong("totals.storageBytes")));
        var u = usage(owner, from, to);
        assertEquals(3, u.getInt("totals.documents"));
        assertEquals(3, u.getInt("totals.documentsStored"));
        assertEquals(2, u.getList("items").size());
        assertEquals(1, u.getInt("items[0].documents"));
        assertEquals(1000, u.getLong("items[0].storageBytes"));
        assertEquals(2, u.getInt("items[1].documents"));
        assertEquals(2000, u.getLong("items[1].storageBytes"));

        UUID neverSeen = UUID.randomUUID();
        Api.produce(
                deletedTopic, key, new DocumentDeleted(UUID.randomUUID(), t, hour.plusSeconds(5), neverSeen, kb1, 1));
        Api.produce(deletedTopic, key, new DocumentDeleted(UUID.randomUUID(), t, hour.plusSeconds(6), null, kb2, null));
        Api.produce(deletedTopic, key, new DocumentDeleted(UUID.randomUUID(), t, hour.plusSeconds(7), b, kb1, 1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(owner.token())
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .get("/api/v1/usage")
                .then()
                .body("totals.documentsDeleted", equalTo(2))
                .body("totals.storageBytes", equalTo(1200)));

        // requests arriving after their document's or knowledge base's deletion count nothing
        Api.produce(requestedTopic, key, requested(t, hour.plusSeconds(8), neverSeen, kb1, 1, 4000));
        Api.produce(requestedTopic, key, requested(t, hour.plusSeconds(9), UUID.randomUUID(), kb2, 1, 8000));
        Api.produce(requestedTopic, key, requested(t, hour.plusSeconds(10), UUID.randomUUID(), kb1, 1, 100));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(4, usage(owner, from, to).getInt("totals.documents")));
        u = usage(owner, from, to);
        assertEquals(1300, u.getLong("totals.storageBytes"));
        assertEquals(2, u.getInt("totals.documentsStored"));
        assertEquals(1300, u.getLong("items[1].storageBytes"));
        assertEquals(2, u.getInt("items[1].documentsDeleted"));

        // a range after the first upload: what was stored still includes it; what was added does not
        var later = usage(owner, hour, to);
        assertEquals(3, later.getInt("totals.documents"));
        assertEquals(1300, later.getLong("totals.storageBytes"));
        // the tenant view shows what is stored now
        as(owner.token()).get("/api/v1/tenant").then().body("usage.storageBytes", equalTo(1300));
        // a range before the first upload stored nothing
        var before = usage(owner, from, earlier);
        assertEquals(0, before.getLong("totals.storageBytes"));
        assertEquals(0, before.getList("items").size());
    }
}
