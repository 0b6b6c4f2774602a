package dev.quire.connector.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.connector.source.SaasApi;
import dev.quire.platform.db.Db;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A replica that died mid-run (its lease's heartbeat stopped after two pages): the run becomes INTERRUPTED and the
 * next run resumes from the checkpoint — it fetches only the rest, prunes nothing it saw before, and every object
 * ends as exactly one document. The dead replica's state is written as a killed run leaves it.
 */
@QuarkusTest
class InterruptedRunTest extends WithS3Bucket {
    @Inject
    Db db;

    @Inject
    MeterRegistry meters;

    /** Fills the bucket {@link WithS3Bucket#startS3} started (a superclass's {@code @BeforeAll} runs first). */
    @BeforeAll
    static void putItems() {
        for (int i = 0; i < 50; i++) {
            String key = String.format("r/item-%02d.txt", i);
            fixture.client()
                    .putObject(
                            b -> b.bucket(fixture.bucket()).key(key),
                            RequestBody.fromString("Item " + key + " " + UUID.randomUUID()));
        }
    }

    @Test
    void aRunWhoseHeartbeatStoppedIsInterruptedAndTheNextResumesFromItsCheckpoint() {
        UUID tenant = UUID.randomUUID();
        try (var api = new SaasApi(tenant)) {
            String id = fixture.connector(api, "Resumable", UUID.randomUUID(), null);
            UUID connector = UUID.fromString(id);

            // what a replica killed after its first page of 20 leaves behind
            List<S3Object> listed = fixture.client().listObjectsV2(b -> b.bucket(fixture.bucket())).contents().stream()
                    .filter(o -> !o.key().endsWith("/")) // the filesystem backend lists the "folder" too
                    .toList();
            assertEquals(50, listed.size());
            UUID dead = UUID.randomUUID();
            UUID generation = UUID.randomUUID();
            db.inTenant(tenant, c -> {
                Db.update(
                        c,
                        "insert into sync_runs(id, tenant_id, connector_id, status, started_at, seen, added)"
                                + " values (?, ?, ?, 'RUNNING', now() - interval '5 minutes', 20, 20)",
                        dead,
                        tenant,
                        connector);
                Db.update(
                        c,
                        "insert into leases(connector_id, tenant_id, run_id, owner, heartbeat_at)"
                                + " values (?, ?, ?, 'killed-replica', ?)",
                        connector,
                        tenant,
                        dead,
                        Instant.now().minusSeconds(600));
                for (S3Object o : listed.subList(0, 20)) {
                    Db.update(
                            c,
                            "insert into items(connector_id, item_id, tenant_id, document_id, version, name,"
                                    + " seen_generation) values (?, ?, ?, ?, ?, ?, ?)",
                            connector,
                            o.key(),
                            tenant,
                            UUID.randomUUID(),
                            o.eTag(),
                            o.key(),
                            generation);
                }
                Db.update(
                        c,
                        "insert into checkpoints(connector_id, tenant_id, generation, cursor) values (?, ?, ?, ?)",
                        connector,
                        tenant,
                        generation,
                        listed.get(19).key());
                return null;
            });

            await().atMost(Duration.ofSeconds(30)).until(() -> "INTERRUPTED"
                    .equals(api.run(id, dead.toString()).get("status")));

            double before = S3Fixture.fetches(meters);
            var resumed = api.sync(id, false);
            assertEquals("SUCCEEDED", resumed.get("status"));
            assertEquals(
                    Map.of("seen", 30, "added", 30, "updated", 0, "deleted", 0, "failed", 0), resumed.get("counts"));
            assertEquals(30.0, S3Fixture.fetches(meters) - before, "only the objects after the checkpoint are fetched");

            List<UUID> documents = db.inTenant(
                    tenant,
                    c -> Db.list(
                            c,
                            "select document_id from items where connector_id = ?",
                            rs -> Db.uuid(rs, "document_id"),
                            connector));
            assertEquals(50, documents.size(), "no object lost");
            assertEquals(50, new HashSet<>(documents).size(), "no object twice");
            assertTrue(
                    db.inTenant(
                                    tenant,
                                    c -> Db.one(
                                            c, "select 1 from checkpoints where connector_id = ?", rs -> 1, connector))
                            .isEmpty(),
                    "a complete listing clears the checkpoint");
        }
    }
}
