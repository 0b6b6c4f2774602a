package dev.quire.platform.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceContextTest {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build();
    private final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void workStoredUnderASpanContinuesItsTraceLater() {
        Span request = tracer.spanBuilder("request").startSpan();
        TraceContext stored;
        try (var ignored = request.makeCurrent()) {
            stored = TraceContext.current();
        } finally {
            request.end();
        }
        assertEquals(
                "00-" + request.getSpanContext().getTraceId() + "-"
                        + request.getSpanContext().getSpanId() + "-01",
                stored.traceparent());

        // later, on another thread with nothing current: a row's stored text is the parent
        var copy = new TraceContext(stored.traceparent(), stored.tracestate());
        String seen = copy.continueIn(
                tracer, "worker", () -> Span.current().getSpanContext().getTraceId());

        SpanData worker = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("worker"))
                .findFirst()
                .orElseThrow();
        assertEquals(request.getSpanContext().getTraceId(), worker.getTraceId());
        assertEquals(request.getSpanContext().getSpanId(), worker.getParentSpanId());
        assertEquals(SpanKind.CONSUMER, worker.getKind());
        assertEquals(worker.getTraceId(), seen, "the worker's span is current while it runs");
    }

    @Test
    void nothingTracedStoresNothingAndTheWorkStartsItsOwnTrace() {
        TraceContext none = TraceContext.current();
        assertSame(TraceContext.NONE, none);
        assertTrue(none.isEmpty());

        none.continueIn(tracer, "worker", () -> null);
        SpanData worker = spans.getFinishedSpanItems().get(0);
        assertFalse(worker.getParentSpanContext().isValid(), "a root span: " + worker);
    }

    @Test
    void aMalformedStoredContextStartsAFreshTraceInsteadOfFailing() {
        new TraceContext("not-a-traceparent", null).continueIn(tracer, "worker", () -> null);
        assertFalse(spans.getFinishedSpanItems().get(0).getParentSpanContext().isValid());
    }
}
