package dev.quire.gateway.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.TenantChanged;
import dev.quire.gateway.auth.Authenticator;
import dev.quire.gateway.tenants.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies tenant.changed at once on this replica (every replica has its own consumer group): plan, limits and
 * status changes drop the cached tenant, a revoked API key drops its exchanged token. Then the change is fired as a
 * CDI event ({@code @Observes TenantChanged}): the chat relay re-checks that tenant's open sockets.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class TenantChangedConsumer {
    private static final Logger LOG = Logger.getLogger(TenantChangedConsumer.class);

    private final ObjectMapper json;
    private final TenantDirectory directory;
    private final Authenticator authenticator;
    private final Event<TenantChanged> changes;

    @Incoming("tenant-changed")
    public void onChanged(String payload) {
        try {
            var e = json.readValue(payload, TenantChanged.class);
            if (e.tenantId() != null) {
                directory.invalidate(e.tenantId());
                authenticator.principalsChanged(e.tenantId());
            }
            Object key = e.values() == null ? null : e.values().get("apiKeyId");
            if ("api-key-revoked".equals(e.change()) && key != null) {
                authenticator.revoked(UUID.fromString(key.toString()));
            }
            if ("keys-rotated".equals(e.change())) {
                authenticator.keysChanged();
            }
            if (!"api-key-revoked".equals(e.change())) {
                authenticator.tenantChanged();
            }
            changes.fire(e); // after the caches are dropped, so observers see the new state
        } catch (Exception ex) {
            // a malformed event must not stop the stream of changes that follow it
            LOG.warnf("ignored an unreadable tenant.changed event: %s", ex.getMessage());
        }
    }
}
