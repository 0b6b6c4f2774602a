package dev.quire.tenant;

import static dev.quire.tenant.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.platform.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * An event written on a reactive transaction continues the trace of the request that caused it: the outbox row keeps
 * the request's W3C context and the relay's Kafka record carries it, as the JDBC outbox did before the tenants moved
 * to Hibernate Reactive.
 */
@QuarkusTest
class TracedEventsTest {
    @Test
    void aTenantChangesEventCarriesTheTraceOfTheRequestThatChangedIt() throws Exception {
        var tenant = Api.signup();
        String op = Api.operator();
        String traceId = hex(16);
        try (var consumer = Api.consumer(TestKafka.topic("tenant.changed"))) {
            as(op).header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                    .body(Map.of("status", "suspended"))
                    .patch("/api/v1/admin/tenants/" + tenant.tenantId())
                    .then()
                    .statusCode(200);
            var record = awaitRecord(consumer, tenant.tenantId().toString(), "\"suspended\"");
            var header = record.headers().lastHeader("traceparent");
            String traceparent = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            assertEquals(traceId, traceparent == null ? null : traceparent.split("-")[1], "traceparent " + traceparent);
        }
    }

    private static ConsumerRecord<String, String> awaitRecord(
            KafkaConsumer<String, String> consumer, String key, String change) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (var r : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(r.key()) && r.value().contains("\"change\":" + change)) {
                    return r;
                }
            }
        }
        throw new AssertionError("no " + change + " record for " + key + " within 30 s");
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros, which W3C treats as invalid
        return HexFormat.of().formatHex(b);
    }
}
