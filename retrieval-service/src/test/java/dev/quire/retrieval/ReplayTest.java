package dev.quire.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.platform.db.Db;
import dev.quire.retrieval.search.QueryEmbedder;
import dev.quire.retrieval.store.ChunkStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Re-delivered and replayed chunk batches change nothing: no second count in the statistics, no old version back. */
@QuarkusTest
class ReplayTest {
    @Inject
    ChunkStore chunks;

    @Inject
    QueryEmbedder embedder;

    @Inject
    Db db;

    private final UUID tenant = UUID.randomUUID();

    private DocumentChunked batch(UUID kb, UUID doc, int version, String text) {
        var chunk = new ChunkPayload(doc + "-" + version + "-0", 0, text, embedder.embed(text), null, null, 12);
        return Events.wholeDocument(tenant, kb, doc, version, "r.txt", List.of(chunk), "english", List.of());
    }

    private String state(UUID kb) {
        return Sql.textValue(
                db,
                tenant,
                "select (select count(*) || ':' || count(*) filter (where live) || ':'"
                        + " || coalesce(string_agg(version::text, ',' order by version), '') from chunks"
                        + " where tenant_id = ? and knowledge_base_id = ?) || '|' || coalesce((select chunks || ':'"
                        + " || total_len from kb_stats where tenant_id = ? and knowledge_base_id = ?), '-')",
                tenant,
                kb,
                tenant,
                kb);
    }

    @Test
    void redeliveredBatchOfALiveVersionIsAnnouncedAgainButCountedOnce() {
        UUID kb = UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        var first = batch(kb, doc, 1, "Glaciers retreat in Patagonia every summer.");
        assertEquals(1, chunks.storeBatch(first).getAsInt());
        String before = state(kb);
        assertTrue(before.startsWith("1:1:1|1:"), before);
        assertEquals(1, chunks.storeBatch(first).getAsInt(), "re-announced, so a lost document.indexed recovers");
        assertEquals(before, state(kb));
    }

    @Test
    void replayedBatchOfAnOlderVersionStaysOut() {
        UUID kb = UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        var v1 = batch(kb, doc, 1, "The first version speaks of trains.");
        var v2 = batch(kb, doc, 2, "The second version speaks of planes.");
        chunks.storeBatch(v1);
        chunks.storeBatch(v2);
        String after = state(kb);
        assertTrue(after.startsWith("1:1:2|1:"), after);
        assertTrue(chunks.storeBatch(v1).isEmpty());
        assertEquals(after, state(kb), "the old version did not come back");
    }
}
