package dev.quire.connector.connector;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * This module's tests run without an ingestion-service: the knowledge bases they name are taken as the caller's.
 * Whether a connector into another tenant's knowledge base is refused is asked of the real one end to end
 * ({@code ForeignKnowledgeBaseIT} in gateway-service).
 */
@Mock
@ApplicationScoped
public class EveryKnowledgeBaseIsOwn extends KnowledgeBases {
    EveryKnowledgeBaseIsOwn() {
        super(null);
    }

    @Override
    public void requireOwn(String rawToken, UUID kb) {}
}
