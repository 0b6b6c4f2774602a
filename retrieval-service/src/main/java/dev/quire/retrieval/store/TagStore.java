package dev.quire.retrieval.store;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** A document's tags: remembered for chunks still to come and written onto every stored chunk, in one transaction. */
@ApplicationScoped
@RequiredArgsConstructor
public class TagStore {
    private final Db db;

    /** Returns how many chunks now carry the new tags. */
    public int retag(UUID tenantId, UUID documentId, List<String> tags) {
        return db.inTenant(tenantId, c -> {
            var array = new Db.SqlArray("text", tags);
            Db.update(
                    c,
                    "insert into document_tags(tenant_id, document_id, tags)"
                            + " values (?, ?, ?) on conflict (tenant_id, document_id)"
                            + " do update set tags = excluded.tags",
                    tenantId,
                    documentId,
                    array);
            return Db.update(
                    c,
                    "update chunks set tags = ? where tenant_id = ? and document_id = ?",
                    array,
                    tenantId,
                    documentId);
        });
    }
}
