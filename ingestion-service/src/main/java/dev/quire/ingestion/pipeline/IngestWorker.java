package dev.quire.ingestion.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.DocumentStatus;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.ChunkPayload;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.contracts.events.DocumentIngestRequested;
import dev.quire.ingestion.document.DocumentStore;
import dev.quire.ingestion.document.StatusEvents;
import dev.quire.ingestion.knowledgebase.KnowledgeBaseSettings;
import dev.quire.ingestion.knowledgebase.KnowledgeBaseStore;
import dev.quire.platform.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.jboss.logging.Logger;

/**
 * Parses, chunks and embeds a requested document version with its knowledge base's chunking, then publishes its
 * chunks in batches under 900 KB. A bad document is marked FAILED and returns; anything else (database, Kafka,
 * embedding endpoint) throws so the work queue retries it.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class IngestWorker {
    private static final Logger LOG = Logger.getLogger(IngestWorker.class);

    private final ObjectMapper json;
    private final DocumentStore store;
    private final StatusEvents status;
    private final Parser parser;
    private final Chunker chunker;
    private final Embedder embedder;
    private final EventPublisher publisher;
    private final KnowledgeBaseStore kbs;
    private final KnowledgeBaseSettings settings;

    /** Processes a queued request given as its JSON payload. */
    public void process(String payload) {
        try {
            process(json.readValue(payload, DocumentIngestRequested.class));
        } catch (java.io.IOException ex) {
            throw new IllegalArgumentException("unreadable ingest request: " + ex.getMessage(), ex);
        }
    }

    public void process(DocumentIngestRequested e) {
        UUID t = e.tenantId();
        if (!store.startable(t, e.documentId(), e.version())) {
            LOG.debugf("skip %s v%d: stale or done", e.documentId(), e.version());
            return;
        }
        var kb = kbs.find(t, e.knowledgeBaseId()).orElse(null);
        if (kb == null) {
            LOG.debugf("skip %s v%d: knowledge base gone", e.documentId(), e.version());
            return;
        }
        String mismatch = settings.mismatch(kb.embeddingModel(), kb.dimension());
        if (mismatch != null) {
            fail(e, mismatch);
            return;
        }
        status.advance(t, e.documentId(), e.knowledgeBaseId(), e.version(), DocumentStatus.PARSING, null, null);
        byte[] bytes = store.blob(t, e.blobId());
        if (bytes == null) {
            fail(e, "the original file is missing");
            return;
        }
        ParsedDocument parsed;
        try {
            parsed = parser.parse(bytes, e.contentType(), e.filename());
        } catch (Parser.ParseFailure f) {
            fail(e, f.getMessage());
            return;
        }
        store.saveText(t, e.documentId(), parsed.fullText());
        List<Chunk> chunks =
                chunker.chunk(parsed, kb.chunking().maxTokens(), kb.chunking().overlapTokens());
        if (chunks.isEmpty()) {
            fail(e, "no text could be extracted from this file");
            return;
        }
        status.advance(t, e.documentId(), e.knowledgeBaseId(), e.version(), DocumentStatus.EMBEDDING, null, null);
        List<float[]> vectors = embedder.embed(
                kb.embeddingModel(), chunks.stream().map(Chunk::text).toList());
        status.advance(
                t, e.documentId(), e.knowledgeBaseId(), e.version(), DocumentStatus.INDEXING, null, chunks.size());
        List<List<ChunkPayload>> batches = ChunkBatches.of(e, chunks, vectors);
        String language = kb.language();
        for (int b = 0; b < batches.size(); b++) {
            publisher.send(
                    Topics.CHUNKED,
                    Topics.documentKey(t, e.documentId()),
                    new DocumentChunked(
                            UUID.randomUUID(),
                            t,
                            Instant.now(),
                            e.documentId(),
                            e.knowledgeBaseId(),
                            e.version(),
                            b,
                            batches.size(),
                            kb.embeddingModel(),
                            kb.dimension(),
                            e.filename(),
                            batches.get(b),
                            language,
                            e.tags()));
        }
        LOG.infof(
                "document %s v%d: %d chunks in %d batches", e.documentId(), e.version(), chunks.size(), batches.size());
    }

    /** Marks the version FAILED with a readable reason (a permanent failure, or retries spent). */
    public void fail(DocumentIngestRequested e, String reason) {
        LOG.warnf("document %s v%d failed: %s", e.documentId(), e.version(), reason);
        status.advance(
                e.tenantId(), e.documentId(), e.knowledgeBaseId(), e.version(), DocumentStatus.FAILED, reason, null);
    }
}
