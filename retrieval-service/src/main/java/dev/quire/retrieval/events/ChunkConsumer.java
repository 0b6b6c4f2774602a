package dev.quire.retrieval.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.Topics;
import dev.quire.contracts.events.DocumentChunked;
import dev.quire.contracts.events.DocumentIndexed;
import dev.quire.platform.events.EventPublisher;
import dev.quire.retrieval.search.QueryEmbedder;
import dev.quire.retrieval.store.ChunkStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores {@code document.chunked} batches and announces {@code document.indexed} once a version is complete. A
 * batch is stored with its knowledge base's embedding model; a model whose queries cannot be embedded here, or vectors
 * not of the announced dimension, are refused (to the dead-letter topic), never stored.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ChunkConsumer {
    private static final Logger LOG = Logger.getLogger(ChunkConsumer.class);

    private final ObjectMapper json;
    private final ChunkStore store;
    private final EventPublisher publisher;
    private final QueryEmbedder embedder;

    @Incoming("chunked")
    @Blocking
    public void onChunked(String payload) throws Exception {
        var e = json.readValue(payload, DocumentChunked.class);
        boolean miniLm = QueryEmbedder.MODEL.equals(e.embeddingModel());
        if (!embedder.supports(e.embeddingModel()) || miniLm && e.dimension() != 384 || e.dimension() < 1) {
            throw new IllegalArgumentException("embedding model " + e.embeddingModel() + "/" + e.dimension()
                    + " cannot be searched here (MiniLM/384, or a model of the configured OpenAI-compatible"
                    + " endpoint)");
        }
        for (var chunk : e.chunks()) {
            if (chunk.embedding() == null || chunk.embedding().length != e.dimension()) {
                throw new IllegalArgumentException(
                        "chunk " + chunk.chunkId() + " is not a vector of " + e.dimension() + " dimensions");
            }
        }
        var complete = store.storeBatch(e);
        if (complete.isPresent()) {
            publisher.send(
                    Topics.INDEXED,
                    Topics.documentKey(e.tenantId(), e.documentId()),
                    new DocumentIndexed(
                            UUID.randomUUID(),
                            e.tenantId(),
                            Instant.now(),
                            e.documentId(),
                            e.version(),
                            complete.getAsInt(),
                            e.knowledgeBaseId()));
            LOG.infof("document %s v%d indexed: %d chunks", e.documentId(), e.version(), complete.getAsInt());
        }
    }
}
