package dev.quire.gateway.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.UsageRecorded;
import dev.quire.gateway.limits.Limiter;
import jakarta.enterprise.context.ApplicationScoped;
import lombok.RequiredArgsConstructor;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Settles chat reservations to the tokens usage.recorded reports (once: the settle script forgets the reservation). */
@ApplicationScoped
@RequiredArgsConstructor
public class UsageSettler {
    private static final Logger LOG = Logger.getLogger(UsageSettler.class);

    private final ObjectMapper json;
    private final Limiter limiter;

    @Incoming("usage-settle")
    public void onUsage(String payload) {
        try {
            var e = json.readValue(payload, UsageRecorded.class);
            if (e.reservationId() != null && e.tenantId() != null) {
                limiter.settle(e.tenantId(), e.reservationId(), (long) e.promptTokens() + e.completionTokens());
            }
        } catch (Exception ex) {
            LOG.warnf("ignored an unreadable usage.recorded event: %s", ex.getMessage());
        }
    }
}
