package dev.quire.platform.knowledgebase;

import dev.quire.platform.api.ApiException;
import jakarta.ws.rs.WebApplicationException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Whether the knowledge bases a request names (a conversation's, a connector's target) are the caller's: of another
 * tenant or unknown is 404 {@code not_found}, like any other foreign object. ingestion-service owns knowledge bases and
 * answers with the caller's own token; it looks a knowledge base up in the caller's tenant before it checks the read
 * scope, so 403 (a key without {@code read}) still proves the knowledge base is the caller's.
 */
public final class KnowledgeBaseCheck {
    private static final Logger LOG = Logger.getLogger(KnowledgeBaseCheck.class);

    private KnowledgeBaseCheck() {}

    /** Throws 404 unless every knowledge base is the caller's; 502 when ingestion-service cannot tell. */
    public static void requireOwn(KnowledgeBaseClient ingestion, String rawToken, Collection<UUID> kbIds) {
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
