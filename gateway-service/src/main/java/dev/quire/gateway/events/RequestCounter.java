package dev.quire.gateway.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.contracts.events.RequestsCounted;
import dev.quire.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/** Counts the requests this replica admitted per tenant and reports them to the usage ledger every few seconds. */
@Startup
@ApplicationScoped
public class RequestCounter {
    private static final Logger LOG = Logger.getLogger(RequestCounter.class);

    private final Map<UUID, LongAdder> counts = new ConcurrentHashMap<>();
    private final Emitter<Record<String, String>> emitter;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final long timer;

    public RequestCounter(
            @Channel("usage-requests") Emitter<Record<String, String>> emitter,
            ObjectMapper json,
            Vertx vertx,
            GatewayConfig config) {
        this.emitter = emitter;
        this.json = json;
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(config.limits().usageFlushMs(), t -> flush());
    }

    public void admitted(UUID tenant) {
        counts.computeIfAbsent(tenant, k -> new LongAdder()).increment();
    }

    void flush() {
        for (var e : counts.entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n == 0) {
                continue;
            }
            var event = new RequestsCounted(UUID.randomUUID(), e.getKey(), Instant.now(), n);
            try {
                emitter.send(Record.of(e.getKey().toString(), json.writeValueAsString(event)));
            } catch (JsonProcessingException | RuntimeException ex) {
                e.getValue().add(n); // try again with the next report
                LOG.warnf("usage report for %s delayed: %s", e.getKey(), ex.getMessage());
            }
        }
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
        flush();
    }
}
