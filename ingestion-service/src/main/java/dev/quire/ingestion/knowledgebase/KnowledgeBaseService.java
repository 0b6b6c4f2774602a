package dev.quire.ingestion.knowledgebase;

import dev.quire.contracts.Topics;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.contracts.events.DocumentDeleted;
import dev.quire.ingestion.audit.Audit;
import dev.quire.ingestion.blob.BlobStore;
import dev.quire.platform.db.Db;
import dev.quire.platform.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Knowledge bases and document deletion: each change with its outbox event and audit entry in one transaction. */
@ApplicationScoped
@RequiredArgsConstructor
public class KnowledgeBaseService {
    private final Db db;
    private final KnowledgeBaseStore kbs;
    private final Outbox outbox;
    private final Audit audit;
    private final BlobStore blobs;

    /** A new knowledge base field by field. */
    public record NewKnowledgeBase(
            String name,
            String description,
            String model,
            int dimension,
            String language,
            KnowledgeBaseStore.Chunking chunking) {}

    /** Creates a knowledge base and audits it in one transaction. */
    public KnowledgeBaseStore.KnowledgeBase createKnowledgeBase(
            UUID tenantId, AuditRecorded.Actor actor, String ip, NewKnowledgeBase kb) {
        UUID id = db.inTenant(tenantId, c -> {
            UUID created = kbs.insert(
                    c, tenantId, kb.name(), kb.description(), kb.model(), kb.dimension(), kb.language(), kb.chunking());
            audit.success(
                    c,
                    tenantId,
                    actor,
                    new Audit.Action(
                            "knowledge-base.create", "knowledge-base", created, ip, Map.of("name", kb.name())));
            return created;
        });
        return kbs.find(tenantId, id).orElseThrow();
    }

    /** Changes a knowledge base's name, description or chunking (null keeps it) and audits it; false if absent. */
    public boolean updateKnowledgeBase(
            UUID tenantId,
            AuditRecorded.Actor actor,
            String ip,
            UUID kbId,
            String name,
            String description,
            KnowledgeBaseStore.Chunking chunking) {
        return db.inTenant(tenantId, c -> {
            if (!kbs.update(c, tenantId, kbId, name, description, chunking)) {
                return false;
            }
            audit.success(
                    c, tenantId, actor, new Audit.Action("knowledge-base.update", "knowledge-base", kbId, ip, null));
            return true;
        });
    }

    /**
     * Deletes a knowledge base with its documents; announces it on {@code document.deleted} (retrieval drops the
     * chunks) and audits it, all in one transaction. False when the tenant has no such knowledge base.
     */
    public boolean deleteKnowledgeBase(UUID tenantId, AuditRecorded.Actor actor, String ip, UUID kbId) {
        List<UUID> gone = db.inTenant(tenantId, c -> {
            var blobIds = kbs.delete(c, tenantId, kbId);
            if (blobIds.isEmpty()) {
                return null;
            }
            outbox.add(
                    c,
                    Topics.DELETED,
                    tenantId.toString(),
                    new DocumentDeleted(UUID.randomUUID(), tenantId, Instant.now(), null, kbId, null));
            audit.success(
                    c, tenantId, actor, new Audit.Action("knowledge-base.delete", "knowledge-base", kbId, ip, null));
            return blobIds.get();
        });
        if (gone == null) {
            return false;
        }
        blobs.delete(tenantId, gone);
        return true;
    }
}
