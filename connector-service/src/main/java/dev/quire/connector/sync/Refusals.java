package dev.quire.connector.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.ConnectorItemRefused;
import dev.quire.platform.db.Db;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * ingestion-service's {@code connector.item-refused}: the item becomes a per-item error of the run that sent it (with
 * its name and link; the run is {@code COMPLETED_WITH_ERRORS}, even if it had already ended clean), and the item's
 * version is forgotten so the next run sends it again — never silently dropped.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class Refusals {
    private final Db db;
    private final ObjectMapper json;
    private final RunStore runs;
    private final ItemStore items;

    @Incoming("connector-item-refused")
    @Blocking
    public void onRefused(String payload) throws Exception {
        var e = json.readValue(payload, ConnectorItemRefused.class);
        if (e.tenantId() == null || e.connectorId() == null || e.itemId() == null) {
            throw new IllegalArgumentException("a refusal names its tenant, connector and item");
        }
        db.inTenant(e.tenantId(), c -> {
            // once per event: a redelivered refusal adds no second error
            boolean fresh = Db.update(
                            c,
                            "insert into refusals_seen(event_id, tenant_id) values (?, ?) on conflict do nothing",
                            e.eventId(),
                            e.tenantId())
                    > 0;
            if (!fresh) {
                return null;
            }
            items.forgetRefused(c, e.tenantId(), e.connectorId(), e.itemId(), e.itemVersion(), e.documentExisted());
            if (e.runId() != null && runs.find(c, e.tenantId(), e.runId()).isPresent()) {
                runs.addError(
                        c,
                        e.tenantId(),
                        e.runId(),
                        new RunStore.ItemError(e.itemId(), e.name(), e.url(), e.code(), e.message(), null));
                runs.refused(c, e.tenantId(), e.runId());
            }
            return null;
        });
    }
}
