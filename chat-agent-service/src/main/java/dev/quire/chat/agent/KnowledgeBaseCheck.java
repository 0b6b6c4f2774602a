package dev.quire.chat.agent;

import dev.quire.platform.api.ApiException;
import dev.quire.platform.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Whether knowledge bases a conversation is to keep are the caller's: outside an API key's kb_ids, of another
 * tenant or unknown is 404 {@code not_found}, like any other foreign object. ingestion-service owns knowledge bases
 * and answers with the caller's own token; it looks a knowledge base up in the caller's tenant before it checks the
 * read scope, so 403 (a chat key without {@code read}) still proves the knowledge base is the caller's. A turn's
 * knowledge bases need no call here: retrieval-service answers 404 for a foreign one before anything is searched.
 */
@ApplicationScoped
public class KnowledgeBaseCheck {
    private static final Logger LOG = Logger.getLogger(KnowledgeBaseCheck.class);

    private final KnowledgeBaseClient ingestion;

    public KnowledgeBaseCheck(@RestClient KnowledgeBaseClient ingestion) {
        this.ingestion = ingestion;
    }

    /** Throws 404 unless every knowledge base is the caller's; 502 when ingestion-service cannot tell. */
    public void requireOwn(Caller caller, String rawToken, List<UUID> kbIds) {
        if (kbIds == null || kbIds.isEmpty()) {
            return;
        }
        Agent.knowledgeBases(caller, kbIds); // outside kb_ids: 404 without asking anyone
        for (UUID kb : new LinkedHashSet<>(kbIds)) {
            if (kb == null) {
                throw ApiException.notFound("knowledge base");
            }
            try {
                ingestion.get("Bearer " + rawToken, kb);
            } catch (WebApplicationException e) {
                int status = e.getResponse().getStatus();
                if (status == 403) {
                    continue; // found in the caller's tenant, only not readable with this key
                }
                if (status == 404) {
                    throw ApiException.notFound("knowledge base");
                }
                LOG.warnf("knowledge base check answered %d", status);
                throw unavailable();
            } catch (RuntimeException e) {
                LOG.warnf("knowledge base check failed: %s", e.toString());
                throw unavailable();
            }
        }
    }

    private static ApiException unavailable() {
        return new ApiException(502, "upstream_unavailable", "knowledge bases cannot be checked now, try again");
    }
}
