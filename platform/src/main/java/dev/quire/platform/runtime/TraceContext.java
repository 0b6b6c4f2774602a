package dev.quire.platform.runtime;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A W3C trace context as the text of its {@code traceparent} and {@code tracestate} headers, kept with work that runs
 * later (an outbox row, a queued ingestion item) so that work continues the trace of the request that asked for it.
 * Both are null when nothing was traced (tracing off, or no span current).
 */
public record TraceContext(String traceparent, String tracestate) {
    public static final TraceContext NONE = new TraceContext(null, null);

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return switch (key) {
                case "traceparent" -> carrier.traceparent();
                case "tracestate" -> carrier.tracestate();
                default -> null;
            };
        }
    };

    /** The context of the current span; {@link #NONE} when there is none (a no-op span writes nothing). */
    public static TraceContext current() {
        return of(Context.current());
    }

    /** The W3C headers of {@code context}'s span; {@link #NONE} when it has none (or a no-op one). */
    public static TraceContext of(Context context) {
        Map<String, String> headers = new HashMap<>();
        W3C.inject(context, headers, Map::put);
        String parent = headers.get("traceparent");
        return parent == null ? NONE : new TraceContext(parent, headers.get("tracestate"));
    }

    public boolean isEmpty() {
        return traceparent == null || traceparent.isBlank();
    }

    /** The stored context as a parent for new spans, or the current context when none was stored. */
    public Context asParent() {
        return isEmpty() ? Context.current() : W3C.extract(Context.root(), this, GETTER);
    }

    /**
     * Runs {@code work} inside a new span of kind CONSUMER that continues this context (a root span when none was
     * stored), the span current while it runs, so whatever the work sends (Kafka records, REST calls) joins the
     * trace. With tracing off the tracer is a no-op and so is this.
     */
    public <T> T continueIn(Tracer tracer, String spanName, Supplier<T> work) {
        Span span = tracer.spanBuilder(spanName)
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(asParent())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
