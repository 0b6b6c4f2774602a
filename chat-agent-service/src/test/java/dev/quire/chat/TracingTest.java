package dev.quire.chat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.platform.runtime.TenantSpan;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A chat turn is one trace: the request's server span and the search it sends to retrieval share a trace id (W3C
 * {@code traceparent} on the REST client's call), the spans carry the tenant id, and never the question's text.
 */
@QuarkusTest
@WithTestResource(FakeRetrieval.class)
class TracingTest extends MemberChat {
    private static final String QUESTION = "Which colour is the secret handshake card?";

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aTurnsSearchCarriesItsTraceAndTheSpansNameTheTenantButNotTheQuestion() throws Exception {
        UUID kb = UUID.randomUUID();
        Fixtures.seed(retrieval, tenant, kb, "The secret handshake card is teal.");
        spans.reset();
        String conversation = Fixtures.conversation(member);
        Fixtures.sendMessage(member, conversation, "{\"content\":\"" + QUESTION + "\"}")
                .then()
                .statusCode(200);

        var sent = traceparents();
        assertEquals(1, sent.size(), "the search went out with a traceparent: " + sent);
        String traceId = sent.get(0).asText().split("-")[1];
        await().atMost(Duration.ofSeconds(10))
                .until(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> isServerSpanOf(s, traceId)));
        SpanData server = spans.getFinishedSpanItems().stream()
                .filter(s -> isServerSpanOf(s, traceId))
                .findFirst()
                .orElseThrow();
        assertEquals(tenant.toString(), server.getAttributes().get(TenantSpan.TENANT_ID));
        assertTrue(
                spans.getFinishedSpanItems().stream()
                        .anyMatch(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.CLIENT),
                "the REST client's call to retrieval is a span of the same trace");
        for (SpanData s : spans.getFinishedSpanItems()) {
            assertFalse(
                    s.getAttributes().toString().contains("secret handshake")
                            || s.getName().contains("secret handshake"),
                    "a span holds the question's text: " + s);
        }
    }

    private static boolean isServerSpanOf(SpanData s, String traceId) {
        return s.getTraceId().equals(traceId)
                && s.getKind() == SpanKind.SERVER
                && s.getName().contains("messages");
    }

    private JsonNode traceparents() throws Exception {
        var r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(retrieval + "/_traceparents/" + tenant))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return Fixtures.JSON.readTree(r.body());
    }
}
