package dev.quire.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Where a document came from: {@code upload} or a connector's item. */
public record DocumentSource(String type, UUID connectorId, String externalId, String url, Instant modifiedAt) {
    public static DocumentSource upload() {
        return new DocumentSource("upload", null, null, null, null);
    }
}
