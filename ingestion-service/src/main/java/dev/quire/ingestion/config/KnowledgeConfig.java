package dev.quire.ingestion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the knowledge API's reads: the text preview and the document-event stream. */
@ConfigMapping(prefix = "quire.knowledge")
public interface KnowledgeConfig {
    /** Most characters of a document's extracted text that {@code GET /documents/{id}/text} serves. */
    @WithDefault("200000")
    int textPreviewMaxChars();

    /** How often a knowledge base's event stream sends a {@code : heartbeat} comment to keep the connection open. */
    @WithDefault("15s")
    Duration eventsHeartbeat();
}
