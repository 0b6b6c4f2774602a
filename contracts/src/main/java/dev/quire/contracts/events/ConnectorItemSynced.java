package dev.quire.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code connector.item}: a connector's source item is new or changed (its bytes inline, base64 in JSON, or staged in
 * connector-service under {@code stagedContentId} when larger than a Kafka record should carry) or vanished from the
 * source ({@code deleted}, no content). {@code quota} is the tenant's plan limits on stored documents as
 * connector-service read them from tenant-service when the run started (null: none known); a refused item comes
 * back as {@link ConnectorItemRefused} for run {@code runId}. connector-service names the document ({@code documentId}, one per
 * source item, never two); ingestion-service stores the bytes, makes the document or its next version and sends it
 * down the upload pipeline with {@code document.ingest-requested}, or deletes it.
 */
public record ConnectorItemSynced(
        UUID eventId,
        UUID tenantId,
        Instant occurredAt,
        UUID connectorId,
        String connectorType,
        UUID knowledgeBaseId,
        UUID documentId,
        String itemId,
        String itemVersion,
        boolean deleted,
        String filename,
        String contentType,
        String url,
        Instant modifiedAt,
        Access access,
        byte[] content,
        UUID runId,
        long sizeBytes,
        UUID stagedContentId,
        Quota quota) {

    /** The record saying a source item vanished: its document is to go (no content, no quota). */
    public static ConnectorItemSynced deleted(
            UUID tenantId,
            UUID connectorId,
            String connectorType,
            UUID knowledgeBaseId,
            UUID documentId,
            String itemId,
            String itemVersion,
            String filename,
            String url) {
        return new ConnectorItemSynced(
                UUID.randomUUID(),
                tenantId,
                Instant.now(),
                connectorId,
                connectorType,
                knowledgeBaseId,
                documentId,
                itemId,
                itemVersion,
                true,
                filename,
                null,
                url,
                null,
                null,
                null,
                null,
                0,
                null,
                null);
    }

    /** The plan's limits on what a tenant stores, as uploads are held to them (null fields: no limit known). */
    public record Quota(Integer maxDocuments, Integer maxStorageMb) {}

    /** Who may read the item as the source reports it (stored now, enforced by a later issue). */
    public record Access(boolean isPublic, List<String> users, List<String> groups) {
        public static Access unknown() {
            return new Access(false, List.of(), List.of());
        }
    }
}
