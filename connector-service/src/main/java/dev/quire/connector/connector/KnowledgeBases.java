package dev.quire.connector.connector;

import dev.quire.platform.knowledgebase.KnowledgeBaseCheck;
import dev.quire.platform.knowledgebase.KnowledgeBaseClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Whether the knowledge base a connector is made into is the caller's, asked of ingestion-service (which owns knowledge
 * bases) with the caller's own token: another tenant's or an unknown one is 404, as any foreign object.
 */
@ApplicationScoped
public class KnowledgeBases {
    private final KnowledgeBaseClient ingestion;

    public KnowledgeBases(@RestClient KnowledgeBaseClient ingestion) {
        this.ingestion = ingestion;
    }

    /** Throws 404 unless the knowledge base is the caller's; 502 when ingestion-service cannot tell. */
    public void requireOwn(String rawToken, UUID kb) {
        KnowledgeBaseCheck.requireOwn(ingestion, rawToken, List.of(kb));
    }
}
