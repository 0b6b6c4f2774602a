package dev.quire.ingestion;

import dev.quire.contracts.events.ConnectorItemSynced;
import dev.quire.platform.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** {@code connector.item} records as connector-service sends them, for the tests that play connector-service. */
final class ConnectorItemRecords {
    private ConnectorItemRecords() {}

    /** A fresh tenant, its admin's token and a knowledge base of it, where a test's records land. */
    record Tenant(UUID id, String admin, UUID kb) {
        static Tenant withKnowledgeBase() {
            UUID id = UUID.randomUUID();
            String admin = Tokens.of(id, "admin");
            return new Tenant(id, admin, UUID.fromString(KnowledgeApiTest.createKb(admin)));
        }
    }

    /** An S3 item {@code notes/<name>} at {@code version} with its text inline. */
    static ConnectorItemSynced inline(
            Tenant tenant,
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
                tenant.id(),
                Instant.now(),
                connector,
                "s3",
                tenant.kb(),
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
