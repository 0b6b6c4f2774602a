package dev.quire.ingestion.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** Maps stored rows to the API's shapes. */
@ApplicationScoped
@RequiredArgsConstructor
public class Views {
    /** A document as API.md shows it. */
    public record DocumentView(
            UUID id,
            UUID knowledgeBaseId,
            String filename,
            String contentType,
            long sizeBytes,
            String sha256,
            List<String> tags,
            Map<String, Object> source,
            String status,
            String error,
            Integer chunkCount,
            int version,
            Instant createdAt,
            Instant indexedAt) {}

    private final ObjectMapper json;

    @SuppressWarnings("unchecked")
    public DocumentView document(DocumentStore.Document d) {
        Map<String, Object> source;
        try {
            source = new java.util.LinkedHashMap<>(json.readValue(d.sourceJson(), Map.class));
        } catch (Exception e) {
            source = Map.of();
        }
        // the event calls the source's id for the item externalId; the API names it itemId (docs/API.md)
        if (source.containsKey("externalId")) {
            source.put("itemId", source.remove("externalId"));
        }
        return new DocumentView(
                d.id(),
                d.knowledgeBaseId(),
                d.filename(),
                d.contentType(),
                d.sizeBytes(),
                d.sha256(),
                d.tags(),
                source,
                d.status().name(),
                d.error(),
                d.chunkCount(),
                d.version(),
                d.createdAt(),
                d.indexedAt());
    }
}
