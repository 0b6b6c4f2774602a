package dev.quire.ingestion.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.AuditRecorded;
import dev.quire.contracts.events.DocumentIngestRequested;
import dev.quire.contracts.events.DocumentSource;
import dev.quire.ingestion.audit.Audit;
import dev.quire.ingestion.blob.BlobStore;
import dev.quire.ingestion.config.IngestionConfig;
import dev.quire.ingestion.knowledgebase.KnowledgeBaseSettings;
import dev.quire.ingestion.knowledgebase.KnowledgeBaseStore;
import dev.quire.ingestion.pipeline.SafeFilename;
import dev.quire.ingestion.pipeline.TypeSniffer;
import dev.quire.platform.api.ApiException;
import dev.quire.platform.db.Db;
import dev.quire.platform.events.Outbox;
import dev.quire.platform.secrets.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Accepts uploads: validates every file first, then stores each with its outbox event in one transaction. */
@ApplicationScoped
@RequiredArgsConstructor
public class Uploads {
    /** A file as it arrived. */
    public record Upload(String filename, byte[] bytes) {}

    /** What the caller gets back per file; {@code duplicate} only appears when true. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Accepted(UUID id, String filename, String status, int version, Boolean duplicate) {}

    private final Db db;
    private final DocumentStore docs;
    private final Outbox outbox;
    private final TypeSniffer sniffer;
    private final IngestionConfig config;
    private final ObjectMapper json;
    private final KnowledgeBaseSettings settings;
    private final BlobStore blobs;
    private final Audit audit;

    /**
     * Stores the files as new documents (or answers a live document with the same bytes) in one transaction: a file
     * past the tenant's {@code quota} refuses the whole upload, as a size or type refusal does. Each stored file is
     * audited as {@code document.upload} on the same transaction (an answered duplicate stores nothing and is not).
     */
    public List<Accepted> accept(
            UUID tenantId,
            AuditRecorded.Actor actor,
            String ip,
            KnowledgeBaseStore.KnowledgeBase kb,
            List<Upload> files,
            List<String> tags,
            StorageQuota quota) {
        settings.requireMatch(kb);
        if (files.isEmpty()) {
            throw ApiException.validation("no file in the form field 'file'");
        }
        List<String> types = new ArrayList<>();
        for (Upload f : files) {
            if (f.bytes().length == 0) {
                throw ApiException.validation(f.filename() + " is empty");
            }
            if (f.bytes().length > config.maxUploadBytes()) {
                throw new ApiException(
                        413,
                        "payload_too_large",
                        f.filename() + " is larger than " + config.maxUploadBytes() / (1024 * 1024) + " MB");
            }
            String type = sniffer.sniff(f.bytes(), f.filename());
            if (!sniffer.parseable(type)) {
                throw new ApiException(415, "unsupported_media_type", sniffer.refusal(f.filename(), type));
            }
            types.add(type);
        }
        return db.inTenant(tenantId, c -> {
            // one upload of a tenant at a time (any replica), so the quota counts what the others stored
            var stored = quota.lock(c, tenantId);
            List<Accepted> out = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                out.add(store(c, tenantId, actor, ip, kb.id(), files.get(i), types.get(i), tags, quota, stored));
            }
            return out;
        });
    }

    private Accepted store(
            Connection c,
            UUID tenantId,
            AuditRecorded.Actor actor,
            String ip,
            UUID kbId,
            Upload f,
            String type,
            List<String> tags,
            StorageQuota quota,
            StorageQuota.Stored stored)
            throws SQLException {
        String sha = Sha256.hex(f.bytes());
        String filename = SafeFilename.of(f.filename());
        // same bytes in the same knowledge base: no second copy, the live document answers (and counts nothing)
        var existing = docs.findBySha(c, tenantId, kbId, sha);
        if (existing.isPresent()) {
            var d = existing.get();
            return new Accepted(d.id(), d.filename(), d.status().name(), d.version(), true);
        }
        quota.admit(stored, filename, f.bytes().length);
        UUID id = UUID.randomUUID();
        var source = DocumentSource.upload();
        UUID blobId = UUID.randomUUID();
        blobs.put(c, tenantId, blobId, f.bytes());
        docs.insert(
                c,
                tenantId,
                new DocumentStore.NewDocument(id, kbId, filename, type, f.bytes(), sha, tags, toJson(source)),
                blobId);
        outbox.add(
                c,
                Topics.INGEST_REQUESTED,
                Topics.documentKey(tenantId, id),
                new DocumentIngestRequested(
                        UUID.randomUUID(),
                        tenantId,
                        Instant.now(),
                        id,
                        kbId,
                        1,
                        filename,
                        type,
                        sha,
                        f.bytes().length,
                        blobId,
                        tags,
                        source));
        audit.success(
                c,
                tenantId,
                actor,
                new Audit.Action(
                        "document.upload",
                        "document",
                        id,
                        ip,
                        Map.of("filename", filename, "knowledgeBaseId", kbId.toString())));
        return new Accepted(id, filename, "QUEUED", 1, null);
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
