package dev.quire.tenant.tenant;

import dev.quire.contracts.Topics;
import dev.quire.contracts.events.TenantChanged;
import dev.quire.platform.events.EventPublisher;
import dev.quire.platform.events.ReactiveOutbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.hibernate.reactive.mutiny.Mutiny;

/** Announces a change of a tenant on {@code tenant.changed} (keyed by the tenant id) through the outbox. */
@ApplicationScoped
@RequiredArgsConstructor
public class TenantChanges {
    /** The tenant id of platform-wide changes such as a signing-key rotation. */
    public static final UUID PLATFORM = new UUID(0, 0);

    private final EventPublisher publisher;

    /** Announces on the caller's reactive transaction, so the change and its event commit together. */
    public Uni<Void> announce(Mutiny.Session s, UUID tenantId, String change, Map<String, Object> values) {
        return ReactiveOutbox.add(
                s,
                publisher,
                Topics.TENANT_CHANGED,
                tenantId.toString(),
                new TenantChanged(UUID.randomUUID(), tenantId, Instant.now(), change, values));
    }
}
