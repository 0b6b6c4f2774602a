package dev.quire.ingestion;

import dev.quire.contracts.events.ConnectorItemSynced;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** {@code connector.item} records as connector-service sends them, for the tests that play connector-service. */
final class ConnectorItemRecords {
    private ConnectorItemRecords() {}

    /** An S3 item {@code notes/<name>} at {@code version} with its text inline. */
    static ConnectorItemSynced inline(
            UUID tenant,
            UUID kb,
            UUID connector,
            UUID run,
            UUID doc,
            String name,
            String version,
            String text,
            ConnectorItemSynced.Quota quota) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new ConnectorItemSynced(
                UUID.randomUUID(),
                tenant,
                Instant.now(),
                connector,
                "s3",
                kb,
                doc,
                "notes/" + name,
                version,
                false,
                name,
                "text/plain",
                "http://s3.example/bucket/notes/" + name,
                Instant.now(),
                ConnectorItemSynced.Access.unknown(),
                bytes,
                run,
                bytes.length,
                null,
                quota);
    }
}
